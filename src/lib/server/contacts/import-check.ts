/**
 * One row of an import file, checked with the same schemas as the register's own forms and brought
 * to the form the register stores: y-tunnus canonical, phones E.164, organisation email lower case.
 */
import { normaliseBusinessId } from '../../schemas/business-id';
import type { CustomerStatus } from '../db/schema';
import { normalisePhone } from '../phone';
import { normaliseEmail } from '../person/email';
import type { ImportColumn, RowValues } from './import-csv';
// The server's schemas: an impossible phone is listed with the row's other problems, not instead.
import { contactSchema, organisationSchema } from './schemas';

export const ORGANISATION_FIELDS = [
	'name',
	'businessId',
	'street',
	'postalCode',
	'city',
	'email',
	'phone',
	'customerStatus',
	'notes'
] as const satisfies readonly ImportColumn[];
export const CONTACT_FIELDS = [
	'contactFirstName',
	'contactLastName',
	'contactEmail',
	'contactPhone',
	'contactTitle'
] as const satisfies readonly ImportColumn[];

type OrganisationField = (typeof ORGANISATION_FIELDS)[number];
type ContactField = (typeof CONTACT_FIELDS)[number];

/** An organisation's values in the file or the register; null: not given (the import keeps what is there). */
export type OrganisationValues = Record<
	Exclude<OrganisationField, 'name' | 'customerStatus'>,
	string | null
> & {
	name: string;
	customerStatus: CustomerStatus | null;
};
export type ContactValues = Record<
	Exclude<ContactField, 'contactFirstName' | 'contactLastName'>,
	string | null
> & { contactFirstName: string; contactLastName: string };

export type SkipReason =
	| 'formula'
	| 'missingName'
	| 'missingContactName'
	| 'businessIdInvalid'
	| 'emailInvalid'
	| 'phoneInvalid'
	| 'postalCodeInvalid'
	| 'customerStatusInvalid'
	| 'tooLong'
	| 'invalidValue'
	| 'duplicateInFile'
	| 'businessIdConflict'
	| 'organisationAmbiguous'
	| 'contactAmbiguous'
	| 'organisationArchived'
	| 'contactArchived';

/** Folded for comparing names: case, Unicode form and runs of spaces do not matter. */
export function foldName(name: string): string {
	return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const FORMULA_START = /^[=+\-@]/;

/** Excel's way to keep a cell as text, `="00100"`, which the export writes for postal codes. */
const TEXT_FORMULA = /^="([^"]*)"$/;

/** The apostrophe the export puts before a formula character after a separator or line break. */
const INSIDE_APOSTROPHE = /([;,\n]"*)'(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;

/**
 * A cell the export protected (spreadsheet/csv.ts) reads as what it protected, so an exported file
 * imports again: a leading apostrophe is dropped, and one after a separator or line break inside
 * the text; `="text"` reads as the text. The formula check then applies to it like to any other
 * cell.
 */
function unprotect(cell: string): string {
	const text = TEXT_FORMULA.exec(cell);
	if (text) return text[1]!;
	const inside = cell.replace(INSIDE_APOSTROPHE, '$1');
	return /^'[=+\-@\t]/.test(inside) ? inside.slice(1) : inside;
}

const STATUS_WORDS: Record<string, CustomerStatus> = {
	current: 'current',
	nykyinen: 'current',
	asiakas: 'current',
	former: 'former',
	entinen: 'former',
	prospect: 'prospect',
	prospekti: 'prospect',
	potentiaalinen: 'prospect'
};

const contactRowSchema = contactSchema.pick({
	firstName: true,
	lastName: true,
	email: true,
	phone: true,
	title: true
});

const CONTACT_PATHS: Record<string, ContactField> = {
	firstName: 'contactFirstName',
	lastName: 'contactLastName',
	email: 'contactEmail',
	phone: 'contactPhone',
	title: 'contactTitle'
};

function reasonFor(column: ImportColumn, key: string): SkipReason {
	if (key === 'required') {
		return column === 'name' ? 'missingName' : 'missingContactName';
	}
	if (column === 'businessId') return 'businessIdInvalid';
	if (column === 'email' || column === 'contactEmail') return 'emailInvalid';
	if (column === 'phone' || column === 'contactPhone') return 'phoneInvalid';
	if (column === 'postalCode') return 'postalCodeInvalid';
	return key === 'tooLong' ? 'tooLong' : 'invalidValue';
}

interface Problems {
	reasons: SkipReason[];
	columns: ImportColumn[];
}

function problem(problems: Problems, reason: SkipReason, column: ImportColumn) {
	if (!problems.reasons.includes(reason)) problems.reasons.push(reason);
	if (!problems.columns.includes(column)) problems.columns.push(column);
}

type Checked =
	| { ok: true; organisation: OrganisationValues; contact: ContactValues | null }
	| ({ ok: false } & Problems);

const orNull = (value: string) => (value === '' ? null : value);

function phoneOrProblem(value: string, column: ImportColumn, problems: Problems): string | null {
	if (value === '') return null;
	const phone = normalisePhone(value);
	if (!phone) problem(problems, 'phoneInvalid', column);
	return phone;
}

export function checkRow(values: RowValues): Checked {
	const cell = (column: ImportColumn) => unprotect(values[column] ?? '');
	const problems: Problems = { reasons: [], columns: [] };

	// A spreadsheet would run these; only a phone number may start with +.
	for (const [column, raw] of Object.entries(values) as [ImportColumn, string][]) {
		const value = unprotect(raw).trim();
		if (!FORMULA_START.test(value)) continue;
		const isPhone = column === 'phone' || column === 'contactPhone';
		if (isPhone && value.startsWith('+') && normalisePhone(value)) continue;
		problem(problems, 'formula', column);
	}
	if (problems.reasons.length > 0) return { ok: false, ...problems };

	const statusCell = cell('customerStatus').trim();
	const status = statusCell === '' ? null : (STATUS_WORDS[statusCell.toLowerCase()] ?? null);
	if (statusCell !== '' && !status) problem(problems, 'customerStatusInvalid', 'customerStatus');

	const organisation = organisationSchema.safeParse({
		name: cell('name'),
		businessId: cell('businessId'),
		street: cell('street'),
		postalCode: cell('postalCode'),
		city: cell('city'),
		email: cell('email'),
		phone: cell('phone'),
		customerStatus: status ?? undefined,
		notes: cell('notes')
	});
	for (const issue of organisation.error?.issues ?? []) {
		const column = String(issue.path[0]) as ImportColumn;
		problem(problems, reasonFor(column, issue.message), column);
	}

	const contactGiven = [
		'contactFirstName',
		'contactLastName',
		'contactEmail',
		'contactPhone',
		'contactTitle'
	].some((column) => cell(column as ImportColumn).trim() !== '');
	const contact = contactGiven
		? contactRowSchema.safeParse({
				firstName: cell('contactFirstName'),
				lastName: cell('contactLastName'),
				email: cell('contactEmail'),
				phone: cell('contactPhone'),
				title: cell('contactTitle')
			})
		: null;
	for (const issue of contact?.error?.issues ?? []) {
		const column = CONTACT_PATHS[String(issue.path[0])]!;
		problem(problems, reasonFor(column, issue.message), column);
	}
	if (!organisation.success || (contact && !contact.success)) return { ok: false, ...problems };

	const org = organisation.data;
	const orgPhone = phoneOrProblem(org.phone, 'phone', problems);
	const person = contact?.data;
	const personPhone = person ? phoneOrProblem(person.phone, 'contactPhone', problems) : null;
	if (problems.reasons.length > 0) return { ok: false, ...problems };

	return {
		ok: true,
		organisation: {
			name: org.name,
			businessId: org.businessId === '' ? null : normaliseBusinessId(org.businessId),
			street: orNull(org.street),
			postalCode: orNull(org.postalCode),
			city: orNull(org.city),
			email: org.email === '' ? null : normaliseEmail(org.email),
			phone: orgPhone,
			customerStatus: status,
			notes: orNull(org.notes)
		},
		contact: person
			? {
					contactFirstName: person.firstName,
					contactLastName: person.lastName,
					contactEmail: orNull(person.email),
					contactPhone: personPhone,
					contactTitle: orNull(person.title)
				}
			: null
	};
}
