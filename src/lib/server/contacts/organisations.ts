import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { ContactErrorKey, OrganisationData } from '../../schemas/contacts';
import type { Db, Tx } from '../db';
import { contactPerson, organisation, type NewOrganisation, type Organisation } from '../db/schema';
import { isId } from '../db/ids';
import { searchKey } from '../db/search-key';
import { recordContacts, type StaffActor } from './audit';
import { setArchived } from './archive';
import { contactListColumns, type ContactRow } from './contact-search';
import {
	changedFields,
	cleanBusinessId,
	cleanEmail,
	cleanPhone,
	isUniqueViolation,
	orNull
} from './fields';

export {
	searchOrganisations,
	type OrganisationQuery,
	type OrganisationRow
} from './organisation-search';

const BUSINESS_ID_INDEX = 'organisation_business_id_uq';

export type OrganisationFieldError = {
	ok: false;
	field: 'businessId' | 'phone';
	error: Extract<ContactErrorKey, 'businessIdInvalid' | 'businessIdTaken' | 'phoneInvalid'>;
};
export type OrganisationResult = { ok: true; id: string } | OrganisationFieldError;
export type OrganisationUpdateResult = OrganisationResult | { ok: false; reason: 'not_found' };

type Columns = Pick<
	NewOrganisation,
	| 'name'
	| 'businessId'
	| 'street'
	| 'postalCode'
	| 'city'
	| 'email'
	| 'emailDomain'
	| 'phone'
	| 'customerStatus'
	| 'notes'
>;

/** The form's values as stored: y-tunnus canonical, phone E.164, email lower case with its domain. */
function toColumns(data: OrganisationData): Columns | OrganisationFieldError {
	const businessId = cleanBusinessId(data.businessId);
	if (businessId === undefined)
		return { ok: false, field: 'businessId', error: 'businessIdInvalid' };
	const phone = cleanPhone(data.phone);
	if (phone === undefined) return { ok: false, field: 'phone', error: 'phoneInvalid' };
	const { email, domain } = cleanEmail(data.email);
	return {
		name: data.name.trim(),
		businessId,
		street: orNull(data.street),
		postalCode: orNull(data.postalCode),
		city: orNull(data.city),
		email,
		emailDomain: domain,
		phone,
		customerStatus: data.customerStatus,
		notes: orNull(data.notes)
	};
}

const TAKEN: OrganisationFieldError = { ok: false, field: 'businessId', error: 'businessIdTaken' };

async function businessIdTaken(tx: Tx, businessId: string | null | undefined, exceptId?: string) {
	if (!businessId) return false;
	const [row] = await tx
		.select({ id: organisation.id })
		.from(organisation)
		.where(
			and(
				eq(organisation.businessId, businessId),
				exceptId ? ne(organisation.id, exceptId) : undefined
			)
		)
		.limit(1);
	return Boolean(row);
}

/**
 * A y-tunnus is checked before writing, and the unique index catches the one that another staff
 * member saved in the same moment (the transaction then fails as a whole, audit row included).
 */
async function guardBusinessId<T>(work: () => Promise<T>): Promise<T | OrganisationFieldError> {
	try {
		return await work();
	} catch (error) {
		if (isUniqueViolation(error, BUSINESS_ID_INDEX)) return TAKEN;
		throw error;
	}
}

export async function createOrganisation(
	db: Db,
	actor: StaffActor,
	data: OrganisationData
): Promise<OrganisationResult> {
	const columns = toColumns(data);
	if ('ok' in columns) return columns;
	return guardBusinessId(() =>
		db.transaction(async (tx): Promise<OrganisationResult> => {
			if (await businessIdTaken(tx, columns.businessId)) return TAKEN;
			const [created] = await tx
				.insert(organisation)
				.values({ ...columns, createdBy: actor.id })
				.returning({ id: organisation.id });
			await recordContacts(tx, actor, 'organisation.created', {
				type: 'organisation',
				id: created!.id
			});
			return { ok: true, id: created!.id };
		})
	);
}

export async function updateOrganisation(
	db: Db,
	actor: StaffActor,
	id: string,
	data: OrganisationData
): Promise<OrganisationUpdateResult> {
	if (!isId(id)) return { ok: false, reason: 'not_found' };
	const columns = toColumns(data);
	if ('ok' in columns) return columns;
	return guardBusinessId(() =>
		db.transaction(async (tx): Promise<OrganisationUpdateResult> => {
			const [before] = await tx
				.select()
				.from(organisation)
				.where(eq(organisation.id, id))
				.for('update');
			if (!before) return { ok: false, reason: 'not_found' };
			if (await businessIdTaken(tx, columns.businessId, id)) return TAKEN;
			const fields = changedFields(before, columns);
			if (fields.length > 0) {
				await tx
					.update(organisation)
					.set({ ...columns, updatedAt: new Date() })
					.where(eq(organisation.id, id));
				await recordContacts(
					tx,
					actor,
					'organisation.updated',
					{ type: 'organisation', id },
					{ details: { fields } }
				);
			}
			return { ok: true, id };
		})
	);
}

/** Archived organisations leave the default list and the <select>s; nothing about them is deleted. */
export function archiveOrganisation(db: Db, actor: StaffActor, id: string) {
	return setArchived(db, actor, 'organisation', id, true);
}

export function restoreOrganisation(db: Db, actor: StaffActor, id: string) {
	return setArchived(db, actor, 'organisation', id, false);
}

/** A contact person as their organisation's page lists them. */
export type OrganisationContact = Pick<ContactRow, keyof typeof contactListColumns>;

export interface OrganisationView {
	organisation: Organisation;
	/** Its contact persons that are neither archived nor merged away, by name. */
	contacts: OrganisationContact[];
}

/**
 * An organisation and its live contact persons, for its page (`view: 'page'`) or its edit form
 * (`view: 'edit'`, without contacts). Either is an `organisation.viewed` audit event; null when
 * there is no such organisation.
 */
export async function getOrganisation(
	db: Db,
	actor: StaffActor,
	id: string,
	view: 'page' | 'edit' = 'page'
): Promise<OrganisationView | null> {
	if (!isId(id)) return null;
	const [row] = await db.select().from(organisation).where(eq(organisation.id, id));
	if (!row) return null;
	const contacts =
		view === 'page'
			? await db
					.select(contactListColumns)
					.from(contactPerson)
					.where(
						and(
							eq(contactPerson.organisationId, id),
							isNull(contactPerson.mergedIntoId),
							isNull(contactPerson.archivedAt)
						)
					)
					.orderBy(
						asc(searchKey(contactPerson.lastName)),
						asc(searchKey(contactPerson.firstName)),
						asc(contactPerson.id)
					)
			: [];
	await recordContacts(
		db,
		actor,
		'organisation.viewed',
		{ type: 'organisation', id },
		{ count: 1, details: { view, contacts: contacts.length } }
	);
	return { organisation: row, contacts };
}

export interface OrganisationOption {
	id: string;
	name: string;
	businessId: string | null;
	archived: boolean;
}

/**
 * Organisations for a <select>, by name: the live ones, and `include` (the one a contact is at
 * now) even when it is archived, so editing that contact does not silently move them.
 */
export async function listOrganisationOptions(
	db: Db,
	include?: string | null
): Promise<OrganisationOption[]> {
	const keep = isId(include) ? eq(organisation.id, include) : sql`false`;
	const rows = await db
		.select({
			id: organisation.id,
			name: organisation.name,
			businessId: organisation.businessId,
			archivedAt: organisation.archivedAt
		})
		.from(organisation)
		.where(sql`${organisation.archivedAt} IS NULL OR ${keep}`)
		.orderBy(asc(searchKey(organisation.name)), asc(organisation.id));
	return rows.map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null }));
}

/** Whether an organisation exists (archived or not); for checking a submitted organisation id. */
export async function organisationExists(db: Db | Tx, id: string): Promise<boolean> {
	if (!isId(id)) return false;
	const [row] = await db
		.select({ id: organisation.id })
		.from(organisation)
		.where(eq(organisation.id, id));
	return Boolean(row);
}
