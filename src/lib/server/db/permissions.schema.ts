import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { personKey } from './people.schema';
import { staffUser } from './staff.schema';
import { rowId, createdAt } from './columns';

/** 'all' = every direct-marketing channel at once; a prohibition on it is a GDPR Art. 21 objection. */
export const marketingChannel = pgEnum('marketing_channel', [
	'email',
	'sms',
	'phone',
	'post',
	'all'
]);
export const marketingDecision = pgEnum('marketing_decision', [
	'granted',
	'withdrawn',
	'prohibited'
]);
/** consent: 917/2014 §200 prior consent; work_role: B2B marketing about the person's own duties. */
export const marketingBasis = pgEnum('marketing_basis', ['consent', 'work_role']);
export const marketingSource = pgEnum('marketing_source', [
	'form',
	'manage',
	'link',
	'staff',
	'import'
]);

/**
 * A text shown to a person when they gave or refused a permission, stored once per version and
 * language and referenced by every decision made under it (Art. 7(1): consent must be
 * demonstrable, so the ledger keeps the exact words). The texts live in permissions/wording.ts.
 * Append-only like the ledger (migration 0006): rewriting a text would falsify what was agreed to.
 */
export const wording = pgTable(
	'wording',
	{
		id: rowId(),
		key: text('key').notNull(),
		version: text('version').notNull(),
		locale: text('locale').notNull(),
		text: text('text').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('wording_key_version_locale_uq').on(t.key, t.version, t.locale)]
);

/**
 * The direct-marketing ledger: one row per decision, never updated or deleted (triggers in
 * migration 0006 refuse it outside erase/restore/retention maintenance). The current state is
 * derived from it (permissions/rules.ts). Rows keep the person key they were recorded under;
 * readers gather every key that resolves to the same person.
 */
export const marketingPermission = pgTable(
	'marketing_permission',
	{
		id: rowId(),
		personId: personKey('restrict'),
		channel: marketingChannel('channel').notNull(),
		decision: marketingDecision('decision').notNull(),
		basis: marketingBasis('basis'),
		source: marketingSource('source').notNull(),
		wordingId: uuid('wording_id').references(() => wording.id, { onDelete: 'restrict' }),
		// How a staff entry was given ("asked by phone"), or the work-role justification.
		note: text('note'),
		recordedByStaff: uuid('recorded_by_staff').references(() => staffUser.id, {
			onDelete: 'set null'
		}),
		recordedByPerson: boolean('recorded_by_person').notNull().default(false),
		// clock_timestamp, not now(): two decisions in one transaction (a prohibition, then the
		// person's own grant) must keep their order, and now() is fixed for the whole transaction.
		recordedAt: timestamp('recorded_at', { withTimezone: true })
			.notNull()
			.default(sql`clock_timestamp()`)
	},
	(t) => [
		index('marketing_permission_person_idx').on(t.personId, t.recordedAt),
		check(
			'marketing_permission_basis',
			sql`(${t.decision} = 'granted') = (${t.basis} IS NOT NULL)`
		),
		// Consent is given per channel (Art. 7: specific); 'all' is only for withdrawing or objecting.
		check(
			'marketing_permission_grant_channel',
			sql`NOT (${t.decision} = 'granted' AND ${t.channel} = 'all')`
		),
		check(
			'marketing_permission_work_role_note',
			sql`${t.basis} IS DISTINCT FROM 'work_role' OR btrim(coalesce(${t.note}, '')) <> ''`
		)
	]
);

/**
 * Double opt-in: ticking "Send me news by email" stores this and mails a /consent/{token} link;
 * only opening it and pressing the button writes the grant. Unconfirmed requests never count and
 * are purged after they expire; confirmed ones stay as evidence of where the link was sent.
 */
export const marketingConsentRequest = pgTable(
	'marketing_consent_request',
	{
		id: rowId(),
		personId: personKey('cascade'),
		channel: marketingChannel('channel').notNull(),
		wordingId: uuid('wording_id')
			.notNull()
			.references(() => wording.id, { onDelete: 'restrict' }),
		tokenHash: text('token_hash').notNull().unique(),
		email: text('email').notNull(),
		locale: text('locale').notNull(),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true })
	},
	(t) => [
		index('marketing_consent_request_person_idx').on(t.personId),
		index('marketing_consent_request_expiry_idx')
			.on(t.expiresAt)
			.where(sql`${t.confirmedAt} IS NULL`)
	]
);

export type Wording = typeof wording.$inferSelect;
export type MarketingPermission = typeof marketingPermission.$inferSelect;
export type NewMarketingPermission = typeof marketingPermission.$inferInsert;
export type MarketingConsentRequest = typeof marketingConsentRequest.$inferSelect;
export type MarketingChannel = (typeof marketingChannel.enumValues)[number];
export type MarketingDecision = (typeof marketingDecision.enumValues)[number];
export type MarketingBasis = (typeof marketingBasis.enumValues)[number];
export type MarketingSource = (typeof marketingSource.enumValues)[number];
