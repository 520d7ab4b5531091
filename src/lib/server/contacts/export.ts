/**
 * The contact register for the spreadsheet writers, in exactly the import's format (its English
 * headers, one row per contact person, an organisation without contacts as one row), so an export
 * imports back as "no changes". Streamed batch by batch.
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import { contactPerson, organisation, type ContactPerson, type Organisation } from '../db/schema';
import { searchKey } from '../db/search-key';
import {
	csvChunks,
	fileDetails,
	type ColumnKind,
	type CsvSeparator,
	type Row,
	type Sheet,
	type SheetFile
} from '../spreadsheet';
import { COLUMN_HEADERS, IMPORT_COLUMNS, type ImportColumn } from './import-csv';

export interface ExportOptions {
	/** The worksheet's name in an .xlsx file. */
	sheet?: string;
	/** Organisations (or contacts without one) read per query. */
	batchSize?: number;
}

const KINDS: Record<ImportColumn, ColumnKind> = {
	name: 'text',
	businessId: 'text',
	street: 'text',
	postalCode: 'postalCode',
	city: 'text',
	email: 'text',
	phone: 'phone',
	customerStatus: 'text',
	notes: 'text',
	contactFirstName: 'text',
	contactLastName: 'text',
	contactEmail: 'text',
	contactPhone: 'phone',
	contactTitle: 'text'
};

const DEFAULT_BATCH = 200;

/** Live contacts: neither archived nor merged into another record. */
const liveContact = and(isNull(contactPerson.archivedAt), isNull(contactPerson.mergedIntoId));

type Cell = string | null;

function organisationCells(org: Organisation | null): Cell[] {
	if (!org) return [null, null, null, null, null, null, null, null, null];
	return [
		org.name,
		org.businessId,
		org.street,
		org.postalCode,
		org.city,
		org.email,
		org.phone,
		org.customerStatus,
		org.notes
	];
}

function contactCells(contact: ContactPerson | null): Cell[] {
	if (!contact) return [null, null, null, null, null];
	return [contact.firstName, contact.lastName, contact.email, contact.phone, contact.title];
}

const orgKey = searchKey(organisation.name);
const lastKey = searchKey(contactPerson.lastName);
const firstKey = searchKey(contactPerson.firstName);

/** Organisations by name, a batch at a time by keyset (never OFFSET). */
async function* organisationBatches(db: Db, size: number): AsyncGenerator<Organisation[]> {
	let after: { key: string; id: string } | undefined;
	for (;;) {
		const from: SQL | undefined = after
			? sql`(${orgKey}, ${organisation.id}) > (${after.key}, ${after.id})`
			: undefined;
		const rows = await db
			.select({ org: organisation, key: orgKey })
			.from(organisation)
			.where(and(isNull(organisation.archivedAt), from))
			.orderBy(asc(orgKey), asc(organisation.id))
			.limit(size);
		if (rows.length > 0) yield rows.map((row) => row.org);
		if (rows.length < size) return;
		const last = rows.at(-1)!;
		after = { key: last.key, id: last.org.id };
	}
}

/** Contacts without an organisation (a sole trader, or not yet known), by name. */
async function* unattachedBatches(db: Db, size: number): AsyncGenerator<ContactPerson[]> {
	let after: { last: string; first: string; id: string } | undefined;
	for (;;) {
		const from: SQL | undefined = after
			? sql`(${lastKey}, ${firstKey}, ${contactPerson.id}) > (${after.last}, ${after.first}, ${after.id})`
			: undefined;
		const rows = await db
			.select({ contact: contactPerson, last: lastKey, first: firstKey })
			.from(contactPerson)
			.where(and(isNull(contactPerson.organisationId), liveContact, from))
			.orderBy(asc(lastKey), asc(firstKey), asc(contactPerson.id))
			.limit(size);
		if (rows.length > 0) yield rows.map((row) => row.contact);
		if (rows.length < size) return;
		const last = rows.at(-1)!;
		after = { last: last.last, first: last.first, id: last.contact.id };
	}
}

/**
 * The register's rows, a batch at a time, read only when the writer asks for more. Archived
 * organisations (with their contacts) and archived or merged contacts are left out.
 */
async function* contactRows(db: Db, size: number): AsyncGenerator<Row[], void, undefined> {
	for await (const orgs of organisationBatches(db, size)) {
		const contacts = await db
			.select()
			.from(contactPerson)
			.where(
				and(
					inArray(
						contactPerson.organisationId,
						orgs.map((org) => org.id)
					),
					liveContact
				)
			)
			.orderBy(asc(lastKey), asc(firstKey), asc(contactPerson.id));
		const byOrganisation = new Map<string, ContactPerson[]>();
		for (const contact of contacts) {
			const list = byOrganisation.get(contact.organisationId!) ?? [];
			list.push(contact);
			byOrganisation.set(contact.organisationId!, list);
		}
		const rows: Row[] = [];
		for (const org of orgs) {
			const people = byOrganisation.get(org.id) ?? [null];
			for (const contact of people)
				rows.push([...organisationCells(org), ...contactCells(contact)]);
		}
		yield rows;
	}
	for await (const contacts of unattachedBatches(db, size)) {
		yield contacts.map((contact) => [...organisationCells(null), ...contactCells(contact)]);
	}
}

/** The register as a sheet in the import's format. */
export function contactSheet(db: Db, options: ExportOptions = {}): Sheet {
	return {
		name: options.sheet ?? 'contacts',
		columns: IMPORT_COLUMNS.map((column) => ({
			header: COLUMN_HEADERS[column],
			kind: KINDS[column]
		})),
		batches: contactRows(db, options.batchSize ?? DEFAULT_BATCH)
	};
}

/** The register as CSV text, piece by piece (see contactSheet). */
export function contactsCsv(
	db: Db,
	options: ExportOptions & { separator?: CsvSeparator } = {}
): AsyncGenerator<string, void, undefined> {
	return csvChunks(contactSheet(db, options), options.separator ?? ';');
}

/** How many rows contactsCsv writes (the header not counted). */
export async function countExportRows(db: Db): Promise<number> {
	const [withContacts] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(
			and(liveContact, or(isNull(contactPerson.organisationId), isNull(organisation.archivedAt)))
		);
	const [withoutContacts] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(organisation)
		.where(
			and(
				isNull(organisation.archivedAt),
				sql`NOT EXISTS (SELECT 1 FROM ${contactPerson} WHERE ${contactPerson.organisationId} = ${organisation.id} AND ${contactPerson.archivedAt} IS NULL AND ${contactPerson.mergedIntoId} IS NULL)`
			)
		);
	return (withContacts?.count ?? 0) + (withoutContacts?.count ?? 0);
}

/**
 * Starts an export: counts the rows and writes the `contacts.exported` audit event with that count
 * and the file's format before any row leaves (an interrupted download is recorded too), then
 * hands back the sheet.
 */
export async function exportContacts(
	db: Db,
	actor: { id: string },
	file: SheetFile,
	options: ExportOptions = {}
): Promise<{ count: number; sheet: Sheet }> {
	const count = await countExportRows(db);
	await audit.record(db, {
		action: 'contacts.exported',
		actor: { kind: 'staff', id: actor.id },
		count,
		details: fileDetails(file)
	});
	return { count, sheet: contactSheet(db, options) };
}
