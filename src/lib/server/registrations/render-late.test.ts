import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { openTestDatabase } from '$tests/databases';
import type { Database } from '../db';
import type { Event } from '../db/schema';

/** How often register.ts rendered a confirmation. */
const rendered = vi.hoisted(() => ({ count: 0 }));

vi.mock('./mailing', async (importOriginal) => {
	const actual = await importOriginal<typeof import('./mailing')>();
	return {
		...actual,
		registrationMessage: (...args: Parameters<typeof actual.registrationMessage>) => {
			rendered.count++;
			return actual.registrationMessage(...args);
		}
	};
});

const { findEventForSignUp, registerCounted } = await import('./index');

/**
 * A refused or repeated sign-up costs no rendering: the confirmation is rendered only once the
 * look-up has let the sign-up through, so the rate limit also protects the server's CPU.
 */
describe('a sign-up renders its confirmation only when it will store one', () => {
	let database: Database;
	let ev: Event;

	beforeAll(async () => {
		database = await openTestDatabase('pglite');
		ev = await makeEvent(database.db, { capacity: 100 });
	});

	afterAll(async () => {
		await database?.close();
	});

	async function signUp(email: string, limited: boolean) {
		const found = await findEventForSignUp(database.db, ev.slug);
		return registerCounted(
			database.db,
			{
				event: found!,
				data: makeSignup({ email }),
				locale: 'fi',
				origin: ORIGIN,
				organizer: ORGANIZER
			},
			limited
				? {
						bucket: 'signup',
						address: '192.0.2.9',
						limit: { max: 1, windowSeconds: 3600 },
						secret: 'render-late-test'
					}
				: null
		);
	}

	it('renders one confirmation for a new sign-up, none for one over the limit or a repeat', async () => {
		expect(await signUp('first@example.fi', true)).toMatchObject({ ok: true, duplicate: false });
		expect(rendered.count).toBe(1);

		expect(await signUp('second@example.fi', true)).toMatchObject({ reason: 'rateLimited' });
		expect(rendered.count).toBe(1);

		expect(await signUp('first@example.fi', false)).toMatchObject({ ok: true, duplicate: true });
		expect(rendered.count).toBe(1);
	});
});
