import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db';
import { emailOutbox, registration } from '$lib/server/db/schema';
import * as registrations from '$lib/server/registrations';
import { outboxTo } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { CLIENT_SHARE } from '$lib/server/registrations/manage-link';
import { actions } from './+page.server';

/** Requests one client, or one target address, may make per window here. */
const LIMIT = 3;

// The route opens the process-wide database; here it is a fresh one per database kind.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));
vi.mock('$lib/server/config', async (importOriginal) => {
	const real = await importOriginal<typeof import('$lib/server/config')>();
	const limited = () => {
		const loaded = real.config();
		return {
			...loaded,
			rateLimits: { ...loaded.rateLimits, links: { max: LIMIT, windowSeconds: 600 } }
		};
	};
	return { ...real, config: limited };
});

let addresses = 0;
/** A fresh documentation-range client address (RFC 5737) per request unless one is given. */
const newAddress = () => `198.51.100.${++addresses}`;

/** The form posted without JavaScript. */
function ask(fields: Record<string, string>, address = newAddress()) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const request = new Request(`${ORIGIN}/manage`, { method: 'POST', body });
	const event = { request, url: new URL(request.url), getClientAddress: () => address };
	return outcome(() => actions.default!(event as never));
}

/** What a visitor can tell from an answer: its status, message and the echoed address aside. */
function shown(answer: Awaited<ReturnType<typeof ask>>, typed: string) {
	return JSON.parse(JSON.stringify(answer).replaceAll(typed, '<typed>'));
}

describe.each(DATABASE_KINDS)('"send me my link again" on %s', (kind) => {
	beforeAll(async () => {
		holder.database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await holder.database?.close();
	});

	async function registrant(email: string) {
		const db = holder.database!.db;
		const result = await registrations.register(db, {
			event: await makeEvent(db),
			data: makeSignup({ email, firstName: 'Aino' }),
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error('sign-up refused');
		return result;
	}
	const links = async (email: string) =>
		(await outboxTo(holder.database!.db, email)).filter((row) => row.template === 'manage.link');

	it('answers alike whether or not anything is held, and mails only an address that is', async () => {
		await registrant('held@example.fi');
		const outboxBefore = (await holder.database!.db.select().from(emailOutbox)).length;
		const held = await ask({ email: 'Held@Example.fi' });
		const unknown = await ask({ email: 'nobody@example.fi' });
		expect(shown(held, 'Held@Example.fi')).toEqual(shown(unknown, 'nobody@example.fi'));
		expect(held).toMatchObject({
			kind: 'data',
			value: { form: { valid: true, message: { kind: 'sent', email: 'Held@Example.fi' } } }
		});
		expect(held).not.toMatchObject({ value: { status: expect.anything() } });

		// One message, to the address on record; the unknown address got nothing.
		const [mail] = await links('held@example.fi');
		expect((await holder.database!.db.select().from(emailOutbox)).length).toBe(outboxBefore + 1);
		expect(mail?.message?.subject).toBe('Linkki omiin tietoihisi');
		expect(mail?.message?.text).toContain('Hei Aino,');
		// The link opens the person's manage page.
		const token = /\/manage\/([a-z0-9]+)/.exec(mail!.message!.text)![1]!;
		const view = await registrations.openManage(holder.database!.db, token);
		expect(view?.emailNormalised).toBe('held@example.fi');
		expect(view?.active).toHaveLength(1);
	});

	it('mails a past registration still held, and nothing for an anonymised one', async () => {
		const db = holder.database!.db;
		const cancelled = await registrant('past@example.fi');
		await db
			.update(registration)
			.set({ status: 'cancelled' })
			.where(eq(registration.id, cancelled.registrationId));
		await ask({ email: 'past@example.fi' });
		expect(await links('past@example.fi')).toHaveLength(1);

		const anonymised = await registrant('gone@example.fi');
		await db
			.update(registration)
			.set({ email: null, emailNormalised: null })
			.where(eq(registration.id, anonymised.registrationId));
		await ask({ email: 'gone@example.fi' });
		expect(await links('gone@example.fi')).toHaveLength(0);
	});

	it('limits one client, and one target address asked from many clients', async () => {
		await registrant('target@example.fi');
		const client = newAddress();
		// An office behind one address asks for several people before its own limit.
		for (let i = 0; i < LIMIT * CLIENT_SHARE; i++) {
			expect(await ask({ email: `other.${i}@example.fi` }, client)).toMatchObject({
				value: { form: { message: { kind: 'sent' } } }
			});
		}
		const refused = await ask({ email: 'typed@example.fi' }, client);
		expect(refused).toMatchObject({
			kind: 'data',
			value: {
				status: 429,
				data: {
					form: { data: { email: 'typed@example.fi' }, message: { kind: 'rateLimited' } }
				}
			}
		});

		// Each from a fresh client: the target's own count stops the fourth.
		for (let i = 0; i < LIMIT; i++) await ask({ email: 'target@example.fi' });
		expect(await ask({ email: 'TARGET@example.fi' })).toMatchObject({ value: { status: 429 } });
		expect(await links('target@example.fi')).toHaveLength(LIMIT);
	});

	it('keeps a mistyped address with its message, and answers a filled honeypot as sent', async () => {
		const typo = await ask({ email: 'aino@' });
		expect(typo).toMatchObject({
			kind: 'data',
			value: { status: 400, data: { form: { data: { email: 'aino@' } } } }
		});
		expect(JSON.stringify(typo)).toContain('emailInvalid');
		expect(await ask({})).toMatchObject({ value: { status: 400 } });

		await registrant('trapped@example.fi');
		const trapped = await ask({ email: 'trapped@example.fi', fax_number: 'x' });
		expect(trapped).toMatchObject({ value: { form: { message: { kind: 'sent' } } } });
		expect(await links('trapped@example.fi')).toHaveLength(0);
	});
});
