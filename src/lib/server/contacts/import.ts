/**
 * CSV import of organisations and contact persons: a preview that writes nothing, then a commit
 * that plans again inside one transaction and applies the plan only if it is still the one staff
 * saw. No file is kept on the server between the two steps; the page posts the text back.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { normaliseBusinessId } from '../../schemas/business-id';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { contactPerson, organisation, person } from '../db/schema';
import { normaliseEmail } from '../person/email';
import {
	decodeCsv,
	normaliseCsvText,
	readTable,
	type CsvProblem,
	type CsvTable
} from './import-csv';
import { foldName } from './import-check';
import {
	hasChanges,
	planImport,
	type ContactValues,
	type ImportPlan,
	type OrganisationValues,
	type PlanCounts,
	type RegisterContact,
	type RegisterOrganisation,
	type RegisterSnapshot
} from './import-plan';
import { applySuppressionToContacts } from '../suppression';

export { hasChanges, type ImportPlan, type PlanCounts };
export type { PlanRow, SkipReason, RowAction, PartAction } from './import-plan';
export type { CsvProblem } from './import-csv';
export type { ImportColumn } from './import-csv';

/** Whoever imports: a signed-in staff account with the right to manage organisations. */
export interface StaffActor {
	id: string;
}

export type PreviewResult =
	{ ok: true; plan: ImportPlan; text: string } | { ok: false; problem: CsvProblem };

export type CommitResult =
	| { ok: true; counts: PlanCounts }
	| { ok: false; reason: 'stale'; plan: ImportPlan; text: string }
	| { ok: false; reason: 'invalid'; problem: CsvProblem };

// Imports take this transaction-level lock, so two commits never plan against each other's
// half-written rows; manual edits meanwhile show up as a changed plan.
const IMPORT_LOCK_KEY = 74_531_201;
// Rows per INSERT: well under PostgreSQL's 65,535 parameters at 13 columns.
const INSERT_BATCH = 500;
const SELECT_BATCH = 1000;

function chunks<T>(items: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * The organisations a file may touch (all of them: matching folds names in ways an index does not,
 * and a register holds thousands, not millions) and the live contacts of those the file names.
 */
async function loadRegister(db: Db | Tx, table: CsvTable): Promise<RegisterSnapshot> {
	const orgRows = await db.select().from(organisation).orderBy(asc(organisation.id));
	const organisations: RegisterOrganisation[] = orgRows.map((row) => ({
		id: row.id,
		name: row.name,
		businessId: row.businessId,
		street: row.street,
		postalCode: row.postalCode,
		city: row.city,
		email: row.email,
		phone: row.phone,
		customerStatus: row.customerStatus,
		notes: row.notes,
		archived: row.archivedAt !== null
	}));

	const names = new Set(table.rows.map(({ values }) => foldName(values.name ?? '')));
	const ids = new Set(table.rows.map(({ values }) => normaliseBusinessId(values.businessId ?? '')));
	const candidates = organisations
		.filter(
			(org) => names.has(foldName(org.name)) || (org.businessId !== null && ids.has(org.businessId))
		)
		.map((org) => org.id);

	const contacts: RegisterContact[] = [];
	for (const batch of chunks(candidates, SELECT_BATCH)) {
		const rows = await db
			.select()
			.from(contactPerson)
			.where(and(inArray(contactPerson.organisationId, batch), isNull(contactPerson.mergedIntoId)))
			.orderBy(asc(contactPerson.id));
		for (const row of rows) {
			contacts.push({
				id: row.id,
				organisationId: row.organisationId!,
				contactFirstName: row.firstName,
				contactLastName: row.lastName,
				contactEmail: row.email,
				contactPhone: row.phone,
				contactTitle: row.title,
				archived: row.archivedAt !== null
			});
		}
	}
	return { organisations, contacts };
}

async function plan(db: Db | Tx, text: string): Promise<PreviewResult> {
	const table = readTable(text);
	if (!table.ok) return table;
	return { ok: true, plan: planImport(table.value, await loadRegister(db, table.value)), text };
}

/** What importing the uploaded file would do. Reads the register, writes nothing. */
export async function previewImport(db: Db, bytes: Uint8Array): Promise<PreviewResult> {
	const decoded = decodeCsv(bytes);
	if (!decoded.ok) return decoded;
	return plan(db, decoded.value);
}

const domainOf = (email: string | null) =>
	email && email.includes('@') ? email.slice(email.lastIndexOf('@') + 1).toLowerCase() : null;

function organisationColumns(values: Partial<OrganisationValues>) {
	const columns: Partial<typeof organisation.$inferInsert> = {};
	if (values.name !== undefined) columns.name = values.name;
	if (values.businessId !== undefined) columns.businessId = values.businessId;
	if (values.street !== undefined) columns.street = values.street;
	if (values.postalCode !== undefined) columns.postalCode = values.postalCode;
	if (values.city !== undefined) columns.city = values.city;
	if (values.email !== undefined) {
		columns.email = values.email;
		columns.emailDomain = domainOf(values.email);
	}
	if (values.phone !== undefined) columns.phone = values.phone;
	if (values.customerStatus) columns.customerStatus = values.customerStatus;
	if (values.notes !== undefined) columns.notes = values.notes;
	return columns;
}

function contactColumns(values: Partial<ContactValues>) {
	const columns: Partial<typeof contactPerson.$inferInsert> = {};
	if (values.contactFirstName !== undefined) columns.firstName = values.contactFirstName;
	if (values.contactLastName !== undefined) columns.lastName = values.contactLastName;
	if (values.contactEmail !== undefined) {
		columns.email = values.contactEmail;
		columns.emailNormalised = values.contactEmail ? normaliseEmail(values.contactEmail) : null;
	}
	if (values.contactPhone !== undefined) columns.phone = values.contactPhone;
	if (values.contactTitle !== undefined) columns.title = values.contactTitle;
	return columns;
}

async function applyPlan(tx: Tx, actor: StaffActor, plan: ImportPlan) {
	const now = new Date();
	const idOf = new Map<number, string>();
	const newOrganisations: (typeof organisation.$inferInsert)[] = [];
	for (const op of plan.organisations) {
		if (op.kind === 'update') {
			idOf.set(op.ref, op.id);
			await tx
				.update(organisation)
				.set({ ...organisationColumns(op.set), updatedAt: now })
				.where(eq(organisation.id, op.id));
		} else {
			const id = randomUUID();
			idOf.set(op.ref, id);
			newOrganisations.push({
				...organisationColumns(op.values),
				name: op.values.name,
				id,
				customerStatus: op.values.customerStatus ?? 'prospect',
				createdBy: actor.id
			});
		}
	}
	for (const batch of chunks(newOrganisations, INSERT_BATCH)) {
		await tx.insert(organisation).values(batch);
	}

	const newContacts: (typeof contactPerson.$inferInsert)[] = [];
	for (const op of plan.contacts) {
		if (op.kind === 'update') {
			await tx
				.update(contactPerson)
				.set({ ...contactColumns(op.set), updatedAt: now })
				.where(eq(contactPerson.id, op.id));
		} else {
			newContacts.push({
				...contactColumns(op.values),
				firstName: op.values.contactFirstName,
				lastName: op.values.contactLastName,
				// A person key of their own, as for a contact entered by hand.
				personId: randomUUID(),
				organisationId: op.organisationId ?? idOf.get(op.organisationRef)!,
				source: 'import',
				basis: op.basis,
				createdBy: actor.id
			});
		}
	}
	for (const batch of chunks(newContacts, INSERT_BATCH)) {
		await tx.insert(person).values(batch.map((contact) => ({ id: contact.personId })));
		await tx.insert(contactPerson).values(batch);
	}
	// A customer system may still hold someone erased here who had prohibited marketing.
	await applySuppressionToContacts(
		tx,
		newContacts.map((contact) => ({
			personId: contact.personId!,
			email: contact.email ?? null,
			phone: contact.phone ?? null
		}))
	);
}

/**
 * Imports the text staff previewed: plans it again in one transaction, under a lock, and applies it
 * only when the plan's hash is still `expectedHash` (else hands back the new plan to review). All
 * or nothing: any failure rolls every row back. Recorded as `contacts.imported` with counts only.
 */
export async function commitImport(
	db: Db,
	actor: StaffActor,
	text: string,
	expectedHash: string
): Promise<CommitResult> {
	const normalised = normaliseCsvText(text);
	const table = readTable(normalised);
	if (!table.ok) return { ok: false, reason: 'invalid', problem: table.problem };
	return db.transaction(async (tx) => {
		await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
		const current = planImport(table.value, await loadRegister(tx, table.value));
		if (current.hash !== expectedHash) {
			return { ok: false, reason: 'stale', plan: current, text: normalised } as const;
		}
		await applyPlan(tx, actor, current);
		const { counts } = current;
		await audit.record(tx, {
			action: 'contacts.imported',
			actor: { kind: 'staff', id: actor.id },
			count:
				counts.organisationsCreated +
				counts.organisationsUpdated +
				counts.contactsCreated +
				counts.contactsUpdated,
			details: { ...counts, changed: hasChanges(counts) }
		});
		return { ok: true, counts } as const;
	});
}
