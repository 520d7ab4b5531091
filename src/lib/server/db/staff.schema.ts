import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { rowId, createdAt, updatedAt } from './columns';
import { event } from './events.schema';

export const staffRole = pgEnum('staff_role', ['admin', 'staff', 'door']);

/** A named person with access to the register; never deleted, so the audit trail keeps the name. */
export const staffUser = pgTable('staff_user', {
	id: rowId(),
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull(),
	role: staffRole('role').notNull(),
	passwordHash: text('password_hash').notNull(),
	// The TOTP key, AES-256-GCM encrypted under ILMO_SECRET_KEY (auth/secret-key.ts), so a copy of
	// the database or a backup alone cannot mint codes; null until the user has confirmed a code.
	totpKey: text('totp_key'),
	// The last 30-second step whose code was accepted: a code of that step or earlier never passes
	// again, so one seen over a shoulder or in a proxy log cannot be replayed.
	totpLastStep: bigint('totp_last_step', { mode: 'number' }),
	disabledAt: timestamp('disabled_at', { withTimezone: true }),
	lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
	createdAt: createdAt(),
	updatedAt: updatedAt()
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
		// Kiosk mode: while set, the session reaches only this event's kiosk pages, so a visitor at
		// a stand cannot walk from the sign-up form into the register; leaving asks for the password.
		kioskEventId: uuid('kiosk_event_id').references(() => event.id, { onDelete: 'set null' }),
		createdAt: createdAt()
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
		id: rowId(),
		userId: uuid('user_id')
			.notNull()
			.references(() => staffUser.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		usedAt: timestamp('used_at', { withTimezone: true })
	},
	(t) => [index('staff_recovery_code_user_idx').on(t.userId)]
);

/**
 * Unproven sign-in attempts per key (auth/throttle.ts): account and address together, the address
 * alone, the second-factor step. Keys are HMACs, never an email or an address. After a few failures
 * each further attempt waits an exponentially growing time; the retention job removes old rows.
 */
export const signInThrottle = pgTable(
	'sign_in_throttle',
	{
		key: text('key').primaryKey(),
		failures: integer('failures').notNull().default(0),
		blockedUntil: timestamp('blocked_until', { withTimezone: true }),
		updatedAt: updatedAt()
	},
	(t) => [index('sign_in_throttle_updated_idx').on(t.updatedAt)]
);

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
