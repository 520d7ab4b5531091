import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../components/errors';
import { staffErrorText } from '../components/staff-errors';
import * as m from '../paraglide/messages.js';
import { contactSchema } from './contacts';
import { looksLikeLink, NAME_HAS_LINK } from './person-name';
import { signupSchema, signupSchemaFor, detailsSchema } from './registration';
import { staffRegistrationSchemaFor } from './staff-registration';

/** Real names, punctuation and all, that every name field must keep taking. */
const REAL_NAMES = [
	"O'Brien",
	'Anna-Liisa',
	'St. John',
	'Jr.',
	'Åström',
	'Nguyễn',
	'Mary-Kate',
	"D'Angelo",
	'van der Berg',
	'Martin Luther King Jr.',
	'J. R. R.',
	'Dr. Smith',
	'Ó Súilleabháin',
	'Çağlar',
	'Zoë',
	'Ådne Ødegård',
	'Łukasz',
	'Σωκράτης',
	'Пётр',
	'محمد',
	'李小龍',
	'Anna (Anu)',
	'Väinö Ⅱ',
	'Saint-Exupéry',
	'ʻOkalani'
];

/** Text a mail client could show as a link, or a reader could follow as one. */
const LINK_LIKE_NAMES = [
	'asiakas, varmista paikkasi: https://evil.example/x',
	'https://evil.example',
	'http:/\\evil.example',
	'//evil.example',
	'evil.example',
	'EVIL.COM',
	'bit.ly/abc',
	'www.evil',
	'WWW. evil',
	'someone@example.fi',
	'someone＠example.fi',
	'evil．example',
	'evil。example',
	'ｗｗｗ．evil',
	'evil.\u200bexample',
	'mailto:someone',
	'tel:+358401234567',
	'javascript:alert(1)',
	'Soita: 040 123 4567',
	'203.0.113.7',
	'xn--evil-abc.fi',
	'Anna.Liisa'
];

describe('looksLikeLink', () => {
	it.each(REAL_NAMES)('lets the real name %s through', (name) => {
		expect(looksLikeLink(name)).toBe(false);
	});

	it.each(LINK_LIKE_NAMES)('refuses %s', (name) => {
		expect(looksLikeLink(name)).toBe(true);
	});
});

const signup = {
	firstName: 'Aino',
	lastName: 'Virtanen',
	email: 'aino@example.fi',
	phone: '',
	street: '',
	postalCode: '',
	city: ''
};
const contact = {
	firstName: 'Aino',
	lastName: 'Virtanen',
	email: '',
	phone: '',
	title: '',
	basis: 'customer_relationship'
};
const policies = { phonePolicy: 'optional', addressPolicy: 'optional' } as const;

/** Every schema through which people type a name that ends up in a mail, with its name fields. */
const NAME_FIELDS = [
	{ form: 'public sign-up', schema: signupSchemaFor(policies), base: signup },
	{ form: 'manage page details', schema: detailsSchema, base: signup },
	{ form: 'staff registrant', schema: staffRegistrationSchemaFor(policies), base: signup },
	{ form: 'contact', schema: contactSchema, base: contact }
].flatMap(({ form, schema, base }) =>
	['firstName', 'lastName', ...('title' in base ? ['title'] : [])].map((field) => ({
		form,
		field,
		parse: (value: string) => schema.safeParse({ ...base, [field]: value })
	}))
);

describe.each(NAME_FIELDS)('$form $field', ({ field, parse }) => {
	it('takes real names as typed', () => {
		for (const name of REAL_NAMES) {
			const result = parse(name);
			expect(result.error?.issues, name).toBeUndefined();
			expect((result.data as Record<string, string>)[field]).toBe(name);
		}
	});

	it('refuses link-like text with the message for this field', () => {
		for (const name of LINK_LIKE_NAMES) {
			const issues = parse(name).error?.issues ?? [];
			expect(
				issues.map((issue) => [issue.path.join('.'), issue.message]),
				name
			).toContainEqual([field, NAME_HAS_LINK]);
		}
	});
});

it('keeps the sign-up schema and its variants on the same rule', () => {
	const result = signupSchema.safeParse({ ...signup, firstName: 'evil.example' });
	expect(result.error?.issues.map((i) => i.message)).toEqual([NAME_HAS_LINK]);
});

it('tells the visitor and the staff member why, in Finnish and in English', () => {
	expect(fieldErrorText(NAME_HAS_LINK)).toBe(m.error_name_has_link());
	expect(staffErrorText(NAME_HAS_LINK)).toBe(m.error_name_has_link());
	expect(m.error_name_has_link({}, { locale: 'fi' })).toMatch(/verkko- tai sähköpostiosoitetta/);
	expect(m.error_name_has_link({}, { locale: 'en' })).toMatch(/web or email address/);
});
