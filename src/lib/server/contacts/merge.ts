import { and, asc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	contactPerson,
	organisation,
	personAlias,
	type ContactBasis,
	type ContactPerson,
	type ContactSource
} from '../db/schema';
import { foldMatchText, matchKey, searchKey } from '../db/search-key';
import * as audit from '../audit';
import { resolvePerson } from '../person/keys';
import { isId } from '../db/ids';

/** The fields staff choose between when two records of one person become one. */
export const MERGE_FIELDS = [
	'firstName',
	'lastName',
	'email',
	'phone',
	'title',
	'organisationId',
	'basis'
] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeSide = 'survivor' | 'duplicate';
export type MergeChoices = Partial<Record<MergeField, MergeSide>>;

export interface MergeContact {
	id: string;
	personId: string;
	firstName: string;
	lastName: string;
	email: string | null;
	phone: string | null;
	title: string | null;
	organisationId: string | null;
	organisationName: string | null;
	basis: ContactBasis;
	source: ContactSource;
	createdAt: Date;
	noticeSentAt: Date | null;
	archivedAt: Date | null;
	mergedIntoId: string | null;
}

export interface MergeFieldPreview {
	field: MergeField;
	survivor: string | null;
	duplicate: string | null;
	differs: boolean;
	/** What the form starts with: the survivor's value, unless it is empty and the duplicate's is not. */
	suggested: MergeSide;
}

export interface MergePreview {
	survivor: MergeContact;
	duplicate: MergeContact;
	fields: MergeFieldPreview[];
}

export type MergeRefusal = 'not_found' | 'self' | 'already_merged' | 'same_person';

export type PreviewResult =
	{ ok: true; preview: MergePreview } | { ok: false; reason: MergeRefusal };

export type MergeResult =
	| { ok: true; survivorId: string; fromDuplicate: MergeField[] }
	| { ok: false; reason: MergeRefusal };

export interface MergeInput {
	survivorId: string;
	duplicateId: string;
	/** A field left out keeps the suggestion (see MergeFieldPreview.suggested). */
	choices: MergeChoices;
}

/** Ids come from URLs and forms; anything else would make PostgreSQL raise instead of not finding. */

const columns = {
	id: contactPerson.id,
	personId: contactPerson.personId,
	firstName: contactPerson.firstName,
	lastName: contactPerson.lastName,
	email: contactPerson.email,
	phone: contactPerson.phone,
	title: contactPerson.title,
	organisationId: contactPerson.organisationId,
	organisationName: organisation.name,
	basis: contactPerson.basis,
	source: contactPerson.source,
	createdAt: contactPerson.createdAt,
	noticeSentAt: contactPerson.noticeSentAt,
	archivedAt: contactPerson.archivedAt,
	mergedIntoId: contactPerson.mergedIntoId
};

/** One contact as the merge page shows it, with its organisation's name; null when unknown. */
export async function findMergeContact(db: Db | Tx, id: string): Promise<MergeContact | null> {
	if (!isId(id)) return null;
	const [row] = await db
		.select(columns)
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(eq(contactPerson.id, id));
	return row ?? null;
}

const blank = (value: string | null) => value === null || value.trim() === '';

function compare(survivor: MergeContact, duplicate: MergeContact): MergeFieldPreview[] {
	return MERGE_FIELDS.map((field) => {
		const a = survivor[field];
		const b = duplicate[field];
		const differs = (blank(a) ? '' : a) !== (blank(b) ? '' : b);
		return {
			field,
			survivor: a,
			duplicate: b,
			differs,
			suggested: differs && blank(a) ? 'duplicate' : 'survivor'
		};
	});
}

/** The refusals both the preview and the merge itself check, on rows read (or locked) just now. */
async function refusal(
	db: Db | Tx,
	survivor: MergeContact | ContactPerson | undefined | null,
	duplicate: MergeContact | ContactPerson | undefined | null
): Promise<MergeRefusal | null> {
	if (!survivor || !duplicate) return 'not_found';
	if (survivor.id === duplicate.id) return 'self';
	if (survivor.mergedIntoId || duplicate.mergedIntoId) return 'already_merged';
	const [a, b] = await Promise.all([
		resolvePerson(db, survivor.personId),
		resolvePerson(db, duplicate.personId)
	]);
	if (a === b) return 'same_person';
	// A contact's own key is the end of its chain; one that resolves elsewhere already belongs to
	// another record, and an alias from it would carry that record's history along.
	if (a !== survivor.personId || b !== duplicate.personId) return 'already_merged';
	return null;
}

/** Both records side by side, field by field, and which fields differ: what the merge page shows. */
export async function previewMerge(
	db: Db,
	survivorId: string,
	duplicateId: string
): Promise<PreviewResult> {
	if (survivorId === duplicateId) return { ok: false, reason: 'self' };
	const [survivor, duplicate] = await Promise.all([
		findMergeContact(db, survivorId),
		findMergeContact(db, duplicateId)
	]);
	const refused = await refusal(db, survivor, duplicate);
	if (refused) return { ok: false, reason: refused };
	return {
		ok: true,
		preview: { survivor: survivor!, duplicate: duplicate!, fields: compare(survivor!, duplicate!) }
	};
}

/** The survivor as it will read after the merge with these choices (the page's "result" column). */
export function mergedValues(preview: MergePreview, choices: MergeChoices) {
	return Object.fromEntries(
		preview.fields.map((f) => {
			const side = f.differs ? (choices[f.field] ?? f.suggested) : 'survivor';
			return [f.field, side === 'duplicate' ? f.duplicate : f.survivor];
		})
	) as Record<MergeField, string | null>;
}

async function lock(tx: Tx, id: string) {
	const [row] = await tx.select().from(contactPerson).where(eq(contactPerson.id, id)).for('update');
	return row;
}

/**
 * Makes two records of one person one. The survivor takes the chosen values; the duplicate is
 * archived and points at the survivor; an alias makes the duplicate's person key resolve to the
 * survivor's, so its registrations, permissions and audit trail show on the survivor's page while
 * every one of those records keeps the key it was written with.
 */
export async function mergeContacts(
	db: Db,
	actor: { id: string },
	input: MergeInput,
	now: Date = new Date()
): Promise<MergeResult> {
	const { survivorId, duplicateId } = input;
	if (!isId(survivorId) || !isId(duplicateId)) return { ok: false, reason: 'not_found' };
	if (survivorId === duplicateId) return { ok: false, reason: 'self' };
	return db.transaction(async (tx) => {
		// Always in id order, so two merges of the same pair (either way round) queue instead of
		// deadlocking; the second one then sees the first's result and is refused.
		const locked = new Map<string, ContactPerson | undefined>();
		for (const id of [survivorId, duplicateId].sort()) locked.set(id, await lock(tx, id));
		const survivorRow = locked.get(survivorId);
		const duplicateRow = locked.get(duplicateId);
		const refused = await refusal(tx, survivorRow, duplicateRow);
		if (refused) return { ok: false, reason: refused };

		const [survivor, duplicate] = await Promise.all([
			findMergeContact(tx, survivorId),
			findMergeContact(tx, duplicateId)
		]);
		const preview: MergePreview = {
			survivor: survivor!,
			duplicate: duplicate!,
			fields: compare(survivor!, duplicate!)
		};
		const values = mergedValues(preview, input.choices);
		const fromDuplicate = preview.fields
			.filter((f) => f.differs && (input.choices[f.field] ?? f.suggested) === 'duplicate')
			.map((f) => f.field);
		// The normalised address travels with the address it was made from.
		const emailFrom = fromDuplicate.includes('email') ? duplicateRow! : survivorRow!;

		await tx
			.update(contactPerson)
			.set({
				firstName: values.firstName!,
				lastName: values.lastName!,
				email: emailFrom.email,
				emailNormalised: emailFrom.emailNormalised,
				phone: values.phone || null,
				title: values.title || null,
				organisationId: values.organisationId || null,
				basis: values.basis as ContactBasis,
				// The person was told they are in the register, whichever record the notice went from.
				noticeSentAt: survivorRow!.noticeSentAt ?? duplicateRow!.noticeSentAt,
				updatedAt: now
			})
			.where(eq(contactPerson.id, survivorId));
		await tx
			.update(contactPerson)
			.set({
				mergedIntoId: survivorId,
				archivedAt: duplicateRow!.archivedAt ?? now,
				updatedAt: now
			})
			.where(eq(contactPerson.id, duplicateId));
		// Both keys are ends of their chains (refusal() checked), so the new row cannot close a
		// cycle. Aliases that point at the duplicate's key (its linked registrants, an earlier merge)
		// stay as they are: resolution follows the chain on to the survivor.
		await tx.insert(personAlias).values({
			personId: duplicateRow!.personId,
			canonicalId: survivorRow!.personId,
			reason: 'merge',
			createdBy: actor.id
		});
		await audit.record(tx, {
			action: 'contact.merged',
			actor: { kind: 'staff', id: actor.id },
			subject: { type: 'contact', id: survivorId },
			details: { duplicateId, fromDuplicate }
		});
		return { ok: true, survivorId, fromDuplicate };
	});
}

export interface MergeCandidate {
	id: string;
	firstName: string;
	lastName: string;
	email: string | null;
	organisationName: string | null;
	archived: boolean;
}

function prefix(text: string): string {
	return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Contacts the merge page offers as the duplicate: every typed word starts the first or the last
 * name, or the text starts the email address. Prefixes on indexed keys (contacts.schema.ts), so it
 * stays fast; merged-away records and the contact itself are left out.
 */
export async function searchMergeCandidates(
	db: Db,
	survivorId: string,
	query: string,
	limit = 20
): Promise<MergeCandidate[]> {
	const text = query.replace(/\s+/g, ' ').trim().slice(0, 100);
	if (!text || !isId(survivorId)) return [];
	const terms = foldMatchText(text).split(' ').filter(Boolean).slice(0, 4);
	const byName = and(
		...terms.map((term) =>
			or(
				sql`${matchKey(contactPerson.lastName)} LIKE ${prefix(term)}`,
				sql`${matchKey(contactPerson.firstName)} LIKE ${prefix(term)}`
			)
		)
	);
	const branches: (SQL | undefined)[] = [byName];
	if (!text.includes(' ')) {
		branches.push(
			sql`${matchKey(contactPerson.emailNormalised)} LIKE ${prefix(foldMatchText(text))}`
		);
	}
	const rows = await db
		.select({
			id: contactPerson.id,
			firstName: contactPerson.firstName,
			lastName: contactPerson.lastName,
			email: contactPerson.email,
			organisationName: organisation.name,
			archivedAt: contactPerson.archivedAt
		})
		.from(contactPerson)
		.leftJoin(organisation, eq(organisation.id, contactPerson.organisationId))
		.where(
			and(isNull(contactPerson.mergedIntoId), ne(contactPerson.id, survivorId), or(...branches))
		)
		.orderBy(
			asc(searchKey(contactPerson.lastName)),
			asc(searchKey(contactPerson.firstName)),
			asc(contactPerson.id)
		)
		.limit(limit);
	return rows.map(({ archivedAt, ...row }) => ({ ...row, archived: archivedAt !== null }));
}
