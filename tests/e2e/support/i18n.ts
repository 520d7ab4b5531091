import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from './data';

type Messages = Record<string, string>;

function load(locale: Locale): Messages {
	const file = path.resolve(import.meta.dirname, `../../../messages/${locale}.json`);
	return JSON.parse(readFileSync(file, 'utf8')) as Messages;
}

const finnish = load('fi');
// Paraglide falls back to Finnish for a key Swedish or English lacks (staff texts have no Swedish).
const catalogues: Record<Locale, Messages> = {
	fi: finnish,
	sv: { ...finnish, ...load('sv') },
	en: { ...finnish, ...load('en') }
};

/**
 * A UI text as the visitor should read it, from the same catalogue the app compiles. Tests compare
 * against these rather than copies, so rewording a message does not break a journey, but showing
 * the wrong message or the wrong language does.
 */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}) {
	const template = catalogues[locale][key];
	if (template === undefined) throw new Error(`no message ${key} in ${locale}`);
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** A regular expression matching `text` literally. */
export function literal(text: string, flags = ''): RegExp {
	return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
}

/** A message with numeric placeholders as a pattern, for counts that other tests change. */
export function pattern(locale: Locale, key: string, numericParams: string[]): RegExp {
	const marker = '\u0000';
	const params = Object.fromEntries(numericParams.map((name) => [name, marker]));
	return new RegExp(
		`^${literal(t(locale, key, params))
			.source.split(marker)
			.join('\\d+')}$`
	);
}
