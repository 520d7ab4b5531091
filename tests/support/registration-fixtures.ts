import { afterAll, beforeAll } from 'vitest';
import type { SignupData } from '../../src/lib/schemas/registration';
import type { Database, Db } from '../../src/lib/server/db';
import type { Event } from '../../src/lib/server/db/schema';
import { requestEmailConsent } from '../../src/lib/server/permissions';
import { register, type RegisterInput } from '../../src/lib/server/registrations';
import { openTestDatabase, type DatabaseKind } from './databases';
import { makeSignup, ORGANIZER, ORIGIN } from './factories';

export interface SignUpOptions extends Partial<Pick<RegisterInput, 'locale' | 'now'>> {
	/** Changes to the made-up person's form. */
	data?: Partial<SignupData>;
	/** Whether the separate news choice is ticked (a double opt-in email follows). */
	newsByEmail?: boolean;
}

export interface RegistrationScene {
	/** The describe's database; only between its beforeAll and afterAll. */
	readonly db: Db;
	/** A sign-up through the public form's path, from this installation's origin. */
	signUp(ev: Event, options?: SignUpOptions): ReturnType<typeof register>;
}

/**
 * The sign-up suites' common start: a fresh database of the kind before the tests of a `describe`,
 * closed after them, and a made-up person's sign-up to any event in it.
 */
export function openRegistrationScene(
	kind: DatabaseKind,
	options: { maxConnections?: number } = {}
): RegistrationScene {
	let database: Database | undefined;
	beforeAll(async () => {
		database = await openTestDatabase(kind, options);
	});
	afterAll(async () => {
		await database?.close();
	});
	const open = (): Db => {
		if (!database) throw new Error('the database opens in beforeAll');
		return database.db;
	};
	return {
		get db() {
			return open();
		},
		signUp: (ev, { data = {}, newsByEmail = false, locale = 'fi', now } = {}) =>
			register(open(), {
				event: ev,
				data: makeSignup(data),
				locale,
				now,
				origin: ORIGIN,
				organizer: ORGANIZER,
				askNewsConsent: newsByEmail ? requestEmailConsent : undefined
			})
	};
}
