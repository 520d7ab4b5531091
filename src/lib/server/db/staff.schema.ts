import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';

export const staffRole = pgEnum('staff_role', ['admin', 'staff', 'door']);

/** A named person with access to the register; never deleted, so the audit trail keeps the name. */
export const staffUser = pgTable('staff_user', {
	id: uuid('id').primaryKey().defaultRandom(),
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: staffRole('role').notNull(),
	passwordHash: text('password_hash').notNull(),
	// Base32 TOTP key; null until the user has confirmed a code from their authenticator.
	totpKey: text('totp_key'),
	disabledAt: timestamp('disabled_at', { withTimezone: true }),
	lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Sessions per Lucia's guide: the id is the SHA-256 of the cookie token, never the token. */
export const staffSession = pgTable(
	'staff_session',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		// False between the password and the second-factor step.
		secondFactorVerified: boolean('second_factor_verified').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('staff_session_user_idx').on(t.userId),
		index('staff_session_expires_idx').on(t.expiresAt)
	]
);

/** One-time recovery codes for a lost authenticator, stored hashed. */
export const staffRecoveryCode = pgTable(
	'staff_recovery_code',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('staff_recovery_code_user_idx').on(t.userId)]
);

/**
 * Failed sign-ins per account and per (hashed) address. After a few failures each further attempt
 * waits an exponentially growing time; a success clears the account's row.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	blockedUntil: timestamp('blocked_until', { withTimezone: true }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** Settings an admin changes at run time (e.g. require TOTP for admins, the door window). */
export const staffSetting = pgTable('staff_setting', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: timestamp('updated_at', { withTimezone: true })
		.notNull()
		.default(sql`now()`)
});

export type StaffUser = typeof staffUser.$inferSelect;
export type StaffSession = typeof staffSession.$inferSelect;
export type StaffRole = (typeof staffRole.enumValues)[number];
