import { sql } from 'drizzle-orm';
import {
	check,
	index,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { person, personKey } from './people.schema';
import { registration } from './registrations.schema';
import { staffUser } from './staff.schema';
import { byteOrder, matchKey, searchKey } from './search-key';
import { rowId, createdAt, updatedAt } from './columns';

export const customerStatus = pgEnum('customer_status', ['current', 'former', 'prospect']);
export const contactSource = pgEnum('contact_source', ['import', 'registration', 'manual']);
/** Why the person may be kept in the register (GDPR Art. 6): staff choose it, it is stored with them. */
export const contactBasis = pgEnum('contact_basis', [
	'customer_relationship',
	'legitimate_interest',
	'consent'
]);

/** Category (a) of the notice: the customer organisations. */
export const organisation = pgTable(
	'organisation',
	{
		id: rowId(),
		name: text('name').notNull(),
		// Finnish business ID (y-tunnus) `1234567-8`, checksum-validated by the schema; unique when present.
		businessId: text('business_id'),
		street: text('street'),
		postalCode: text('postal_code'),
		city: text('city'),
		email: text('email'),
		// The part after @, for "same name at an organisation whose email domain matches".
		emailDomain: text('email_domain'),
		phone: text('phone'),
		customerStatus: customerStatus('customer_status').notNull().default('prospect'),
		notes: text('notes'),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => staffUser.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		uniqueIndex('organisation_business_id_uq')
			.on(t.businessId)
			.where(sql`${t.businessId} IS NOT NULL`),
		// The list's keyset order: name, then id for equal names.
		index('organisation_name_idx').on(searchKey(t.name), t.id),
		// Searches match accent-folded keys (matchKey); the list sorts by searchKey.
		index('organisation_name_match_idx').on(matchKey(t.name)),
		index('organisation_email_idx').on(matchKey(t.email)),
		index('organisation_domain_idx').on(t.emailDomain),
		index('organisation_city_idx').on(matchKey(t.city)),
		// y-tunnus and phone prefix searches on the organisation list.
		index('organisation_business_id_prefix_idx').on(byteOrder(t.businessId)),
		index('organisation_phone_idx').on(byteOrder(t.phone))
	]
);

/**
 * A contact person of an organisation (or of none, for a sole trader). Points at a stable person
 * key: a registrant turned contact keeps the key of their registrations, so nothing is rewritten.
 */
export const contactPerson = pgTable(
	'contact_person',
	{
		id: rowId(),
		personId: personKey('restrict'),
		organisationId: uuid('organisation_id').references(() => organisation.id, {
			onDelete: 'restrict'
		}),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull(),
		email: text('email'),
		emailNormalised: text('email_normalised'),
		phone: text('phone'),
		title: text('title'),
		source: contactSource('source').notNull(),
		basis: contactBasis('basis').notNull(),
		// Copied from, never moved: the registration stays as it was.
		fromRegistrationId: uuid('from_registration_id').references(() => registration.id, {
			onDelete: 'set null'
		}),
		// Art. 13(3)/14: when the person was told they are now in the register.
		noticeSentAt: timestamp('notice_sent_at', { withTimezone: true }),
		archivedAt: timestamp('archived_at', { withTimezone: true }),
		mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => contactPerson.id, {
			onDelete: 'set null'
		}),
		createdBy: uuid('created_by').references(() => staffUser.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		// One live contact record per person key; a merged-away record keeps its key for history.
		uniqueIndex('contact_person_person_uq')
			.on(t.personId)
			.where(sql`${t.mergedIntoId} IS NULL`),
		index('contact_person_org_idx').on(t.organisationId),
		// The list's keyset order: names, then id for equal names.
		index('contact_person_name_idx').on(searchKey(t.lastName), searchKey(t.firstName), t.id),
		index('contact_person_first_name_idx').on(searchKey(t.firstName)),
		// Searches match accent-folded keys (matchKey: "hamalainen" finds Hämäläinen).
		index('contact_person_last_match_idx').on(matchKey(t.lastName)),
		index('contact_person_first_match_idx').on(matchKey(t.firstName)),
		index('contact_person_email_match_idx').on(matchKey(t.emailNormalised)),
		index('contact_person_email_idx').on(byteOrder(t.emailNormalised)),
		index('contact_person_phone_idx').on(byteOrder(t.phone))
	]
);

export const aliasReason = pgEnum('person_alias_reason', ['link', 'merge']);

/**
 * `personId` is now known as `canonicalId`: a registrant linked to a contact, or a contact merged
 * into another. Records keep their own key; readers resolve it through this table. Removing a
 * link deletes its row (the audit trail keeps who did what).
 */
export const personAlias = pgTable(
	'person_alias',
	{
		personId: uuid('person_id')
			.primaryKey()
			.references(() => person.id, { onDelete: 'cascade' }),
		canonicalId: uuid('canonical_id')
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		reason: aliasReason('reason').notNull(),
		createdBy: uuid('created_by').references(() => staffUser.id, { onDelete: 'set null' }),
		createdAt: createdAt()
	},
	(t) => [
		index('person_alias_canonical_idx').on(t.canonicalId),
		check('person_alias_not_self', sql`${t.personId} <> ${t.canonicalId}`)
	]
);

/** Registrants staff judged "not a business contact": they leave the queue of unlinked registrants. */
export const registrantDismissal = pgTable(
	'registrant_dismissal',
	{
		personId: personKey('cascade'),
		dismissedBy: uuid('dismissed_by').references(() => staffUser.id, { onDelete: 'set null' }),
		dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.personId] })]
);

export type Organisation = typeof organisation.$inferSelect;
export type NewOrganisation = typeof organisation.$inferInsert;
export type ContactPerson = typeof contactPerson.$inferSelect;
export type NewContactPerson = typeof contactPerson.$inferInsert;
export type CustomerStatus = (typeof customerStatus.enumValues)[number];
export type ContactSource = (typeof contactSource.enumValues)[number];
export type ContactBasis = (typeof contactBasis.enumValues)[number];
