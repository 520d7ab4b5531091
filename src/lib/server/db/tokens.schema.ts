import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { person } from './people.schema';
import { registration } from './registrations.schema';
import { registrationGroup } from './groups.schema';
import { rowId, createdAt } from './columns';

export const tokenPurpose = pgEnum('token_purpose', [
	'manage',
	'consent',
	'unsubscribe',
	'verification',
	// A group booker's page: their group's registrations as entered.
	'group'
]);

/** Links in email carry a random token; only its SHA-256 is stored, so a leaked table opens nothing. */
export const accessToken = pgTable(
	'access_token',
	{
		id: rowId(),
		tokenHash: text('token_hash').notNull().unique(),
		purpose: tokenPurpose('purpose').notNull(),
		personId: uuid('person_id').references(() => person.id, { onDelete: 'cascade' }),
		registrationId: uuid('registration_id').references(() => registration.id, {
			onDelete: 'cascade'
		}),
		groupId: uuid('group_id').references(() => registrationGroup.id, { onDelete: 'cascade' }),
		// Null: valid until the registration or person it opens is purged or anonymised.
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(t) => [
		index('access_token_person_idx').on(t.personId),
		index('access_token_registration_idx').on(t.registrationId),
		index('access_token_group_idx').on(t.groupId),
		check(
			'access_token_has_subject',
			sql`${t.personId} IS NOT NULL OR ${t.registrationId} IS NOT NULL OR ${t.groupId} IS NOT NULL`
		)
	]
);

export type AccessToken = typeof accessToken.$inferSelect;
export type TokenPurpose = (typeof tokenPurpose.enumValues)[number];
