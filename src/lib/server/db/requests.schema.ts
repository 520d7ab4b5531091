import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	index,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { person } from './people.schema';
import { staffUser } from './staff.schema';
import { rowId, createdAt, updatedAt } from './columns';

/** GDPR Art. 15 access, 16 rectification, 17 erasure, 21 objection. */
export const requestKind = pgEnum('request_kind', [
	'access',
	'rectification',
	'erasure',
	'objection'
]);
export const requestStatus = pgEnum('request_status', [
	'received',
	'verifying',
	'verified',
	'completed',
	'rejected'
]);
/** Art. 12: a request may arrive in any form, not only in writing. */
export const requestChannel = pgEnum('request_channel', [
	'email',
	'phone',
	'letter',
	'in_person',
	'manage_page',
	'other'
]);
/**
 * How the requester was shown to be the person: a link sent to the email on record, the manage
 * link they already hold, or (for someone with no email) a check an admin describes in words.
 */
export const requestVerification = pgEnum('request_verification', [
	'email_link',
	'manage_link',
	'staff_check'
]);
export const suppressionKind = pgEnum('suppression_kind', ['email', 'phone']);

/**
 * A data-subject request and how it was answered. The requester's email and phone are personal
 * data: an erasure clears them here too, and the row stays as the record that the request was met
 * (Art. 5(2)). Notes are for the handling, not for personal details.
 */
export const dataSubjectRequest = pgTable(
	'data_subject_request',
	{
		id: rowId(),
		kind: requestKind('kind').notNull(),
		status: requestStatus('status').notNull().default('received'),
		channel: requestChannel('channel').notNull(),
		// Normalised (lower-case email, E.164 phone): what the records are searched by.
		requesterEmail: text('requester_email'),
		requesterPhone: text('requester_phone'),
		// The person the request was found to be about (their key then); null when nothing is held.
		personId: uuid('person_id').references(() => person.id, { onDelete: 'set null' }),
		// The language mail to the requester is written in.
		locale: text('locale').notNull().default('fi'),
		note: text('note'),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
		// One month after receipt (Art. 12(3)).
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		// At most two further months, with the reason given to the requester.
		extendedUntil: timestamp('extended_until', { withTimezone: true }),
		extensionReason: text('extension_reason'),
		// Where the verification link went; the access report is sent to this address only.
		verificationEmail: text('verification_email'),
		verificationTokenHash: text('verification_token_hash').unique(),
		verificationSentAt: timestamp('verification_sent_at', { withTimezone: true }),
		verificationExpiresAt: timestamp('verification_expires_at', { withTimezone: true }),
		verificationMethod: requestVerification('verification_method'),
		identityCheck: text('identity_check'),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		completedAt: timestamp('completed_at', { withTimezone: true }),
		outcome: text('outcome'),
		reportSentAt: timestamp('report_sent_at', { withTimezone: true }),
		createdBy: uuid('created_by').references(() => staffUser.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('data_subject_request_status_due_idx').on(t.status, t.dueAt),
		index('data_subject_request_person_idx').on(t.personId),
		index('data_subject_request_email_idx').on(t.requesterEmail),
		check(
			'data_subject_request_extension_reason',
			sql`(${t.extendedUntil} IS NULL) = (${t.extensionReason} IS NULL)`
		),
		check(
			'data_subject_request_extension_later',
			sql`${t.extendedUntil} IS NULL OR ${t.extendedUntil} > ${t.dueAt}`
		),
		check(
			'data_subject_request_staff_check_note',
			sql`${t.verificationMethod} IS DISTINCT FROM 'staff_check' OR btrim(coalesce(${t.identityCheck}, '')) <> ''`
		)
	]
);

/**
 * One row per erasure: enough to erase the same records again after a backup taken before it is
 * restored (backup/restore.ts keeps these rows through a restore and calls the re-apply hook), and
 * nothing in clear. Emails and phones are kept only as HMACs with ILMO_SUPPRESSION_KEY.
 * Append-only (migration 0007).
 */
export const erasureJournal = pgTable('erasure_journal', {
	id: rowId(),
	erasedAt: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
	// No foreign keys: the journal outlives a restore of every other table.
	requestId: uuid('request_id'),
	actorId: uuid('actor_id'),
	personKeys: uuid('person_keys').array().notNull(),
	registrationIds: uuid('registration_ids').array().notNull(),
	contactIds: uuid('contact_ids').array().notNull(),
	organisationIds: uuid('organisation_ids').array().notNull(),
	requestIds: uuid('request_ids').array().notNull(),
	outboxIds: bigint('outbox_ids', { mode: 'number' }).array().notNull(),
	emailHmacs: text('email_hmacs').array().notNull(),
	phoneHmacs: text('phone_hmacs').array().notNull(),
	// The HMACs went onto the suppression list (a prohibition of direct marketing stood).
	suppressed: boolean('suppressed').notNull()
});

/**
 * Marketing must not silently come back for an erased person who had prohibited it: an HMAC of
 * each of their emails and phone numbers, with a key kept outside the database, checked at every
 * sign-up and import. Append-only (migration 0007).
 */
export const marketingSuppression = pgTable('marketing_suppression', {
	hmac: text('hmac').primaryKey(),
	kind: suppressionKind('kind').notNull(),
	createdAt: createdAt()
});

export type DataSubjectRequest = typeof dataSubjectRequest.$inferSelect;
export type NewDataSubjectRequest = typeof dataSubjectRequest.$inferInsert;
export type ErasureJournalEntry = typeof erasureJournal.$inferSelect;
export type RequestKind = (typeof requestKind.enumValues)[number];
export type RequestStatus = (typeof requestStatus.enumValues)[number];
export type RequestChannel = (typeof requestChannel.enumValues)[number];
export type RequestVerification = (typeof requestVerification.enumValues)[number];
export type SuppressionKind = (typeof suppressionKind.enumValues)[number];
