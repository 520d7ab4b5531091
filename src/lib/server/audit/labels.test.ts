import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './actions';
import { actionLabel } from './labels';

const ROOT = join(import.meta.dirname, '../../../..');
const SOURCE = join(ROOT, 'src');
const GENERATED = join(SOURCE, 'lib/paraglide');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return path === GENERATED ? [] : sourceFiles(path);
		return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
	});
}

/**
 * The text from `start` to the closing bracket at the same depth: a call's whole argument list;
 * with `oneValue`, only up to the first `,` at that depth (one property's value).
 */
function expressionAt(text: string, start: number, oneValue = false): string {
	let depth = 0;
	for (let i = start; i < text.length; i++) {
		const c = text[i]!;
		if ('([{'.includes(c)) depth++;
		else if (')]}'.includes(c)) {
			if (depth === 0) return text.slice(start, i);
			depth--;
		} else if (oneValue && c === ',' && depth === 0) return text.slice(start, i);
	}
	return text.slice(start);
}

const WRITER_CALL = 'audit.record(';
const ACTION_NAME = /'([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)'/g;

/**
 * Every place that hands an action name to the audit writer: the `action:` of an `audit.record`
 * input, and the arguments of any function that takes an `action` and passes it on
 * (recordContacts, recordRequest, a file's own `record`). What is found there must be a literal:
 * a name built from pieces could be anything, and would show as a code on the audit page.
 */
function actionsInSource() {
	const files = sourceFiles(SOURCE).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
	const writers = files.filter((file) => file.text.includes(WRITER_CALL));
	const exported = new Set<string>();
	const local = new Map<string, string[]>();
	for (const { path, text } of writers) {
		for (const match of text.matchAll(/(export )?(?:async )?function (\w+)\s*\(([^)]*)\)/g)) {
			if (!/\baction\s*:/.test(match[3]!)) continue;
			if (match[1]) exported.add(match[2]!);
			else local.set(path, [...(local.get(path) ?? []), match[2]!]);
		}
	}
	const found = new Map<string, string>();
	const built: string[] = [];
	for (const { path, text } of files) {
		const spans: string[] = [];
		if (text.includes(WRITER_CALL)) {
			for (const match of text.matchAll(/\baction\s*:/g)) {
				spans.push(expressionAt(text, match.index + match[0].length, true));
			}
		}
		for (const name of [...exported, ...(local.get(path) ?? [])]) {
			for (const match of text.matchAll(new RegExp(`(?<![.\\w])${name}\\(`, 'g'))) {
				spans.push(expressionAt(text, match.index + match[0].length));
			}
		}
		for (const span of spans) {
			if (span.includes('${')) built.push(`${relative(ROOT, path)}: ${span.trim()}`);
			for (const name of span.matchAll(ACTION_NAME)) {
				found.set(name[1]!, relative(ROOT, path));
			}
		}
	}
	return { found, built, exported, writers: writers.map((file) => relative(ROOT, file.path)) };
}

function messages(locale: 'fi' | 'en'): Record<string, string> {
	return JSON.parse(readFileSync(join(ROOT, 'messages', `${locale}.json`), 'utf8'));
}

describe('audit action labels', () => {
	const scan = actionsInSource();

	it('finds the writers and the names they are given', () => {
		// The scan itself must work, or the next test passes on nothing.
		expect([...scan.exported]).toEqual(
			expect.arrayContaining(['recordContacts', 'recordAttendees', 'recordRequest'])
		);
		expect(scan.writers.length).toBeGreaterThan(20);
		for (const name of [
			'permissions.listed',
			'contact.created_from_registration',
			'request.rejected',
			'staff_user.password_reset',
			'registrant.dismissed'
		]) {
			expect(scan.found.has(name), name).toBe(true);
		}
	});

	it('has a label for every action written anywhere in src/', () => {
		const known = new Set<string>(AUDIT_ACTIONS);
		const unlabelled = [...scan.found]
			.filter(([name]) => !known.has(name) || actionLabel(name) === null)
			.map(([name, path]) => `${name} (${path})`);
		expect(unlabelled).toEqual([]);
		expect(scan.built).toEqual([]);
	});

	it('writes the trail only through the one writer', () => {
		const inserts = sourceFiles(SOURCE)
			.filter((path) => /\.insert\(\s*auditEvent\s*\)/.test(readFileSync(path, 'utf8')))
			.map((path) => relative(ROOT, path));
		expect(inserts).toEqual(['src/lib/server/audit/index.ts']);
	});

	it('labels every action in both languages, from the message files', () => {
		const fi = messages('fi');
		const en = messages('en');
		const missing: string[] = [];
		for (const action of AUDIT_ACTIONS) {
			const key = `audit_action_${action.replace('.', '_')}`;
			for (const [locale, texts] of [
				['fi', fi],
				['en', en]
			] as const) {
				const text = texts[key];
				if (!text?.trim()) missing.push(`${locale}: ${key}`);
				else expect(actionLabel(action, locale)).toBe(text);
			}
			expect(fi[key], key).not.toBe(en[key]);
		}
		expect(missing).toEqual([]);
		expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
	});

	it('reads a stored name this version does not write as unlabelled, not as an error', () => {
		expect(actionLabel('retired.action')).toBeNull();
		expect(actionLabel('__proto__.x')).toBeNull();
	});
});
