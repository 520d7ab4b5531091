import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '$lib/server/db';
import { registration } from '$lib/server/db/schema';
import { register } from '$lib/server/registrations';
import { outboxTo } from '$tests/attendees';
import { openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { outcome } from '$tests/route-outcome';
import { actions, load } from './+page.server';

// The route opens the process-wide database; here it is a fresh one per file.
const holder = vi.hoisted(() => ({ database: undefined as Database | undefined }));
vi.mock('$lib/server/db/database', () => ({ db: async () => holder.database!.db }));

function press(token: string, fields: Record<string, string>) {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.set(name, value);
	const request = new Request(`http://ilmo.test/manage/${token}?/reminders`, {
		method: 'POST',
		body: form
	});
	return outcome(() => actions.reminders!({ params: { token }, request } as never));
}

// The route's own logic does not depend on the database kind; the domain tests cover both.
describe('the reminders switch of /manage/{token}', () => {
	beforeAll(async () => {
		holder.database = await openTestDatabase('pglite');
	});
	afterAll(() => holder.database?.close());

	it('turns the registrant’s reminders off and on with a POST, and refuses another registration', async () => {
		const db = holder.database!.db;
		const data = makeSignup();
		const result = await register(db, {
			event: await makeEvent(db),
			data,
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error('sign-up refused');
		const [reg] = await db.select().from(registration).where(eq(registration.email, data.email));
		const text = (await outboxTo(db, data.email)).at(-1)?.message?.text ?? '';
		const token = /\/manage\/([a-z0-9]+)/.exec(text)![1]!;
		const shown = async () => {
			const page = (await load({
				params: { token },
				url: new URL(`http://ilmo.test/manage/${token}`),
				setHeaders: () => {}
			} as never)) as { reminders: Record<string, boolean> };
			return page.reminders[reg!.id];
		};
		expect(await shown()).toBe(true);
		expect(await press(token, { registration: reg!.id, enabled: 'false' })).toEqual({
			kind: 'redirect',
			status: 303,
			location: `/manage/${token}?reminders=saved`
		});
		expect(await shown()).toBe(false);
		await press(token, { registration: reg!.id, enabled: 'true' });
		expect(await shown()).toBe(true);
		const other = await press(token, {
			registration: '00000000-0000-4000-8000-000000000000',
			enabled: 'false'
		});
		expect(other).toMatchObject({ kind: 'data', value: { status: 400 } });
		expect(await press(token, { registration: reg!.id, enabled: 'maybe' })).toMatchObject({
			kind: 'data',
			value: { status: 400 }
		});
	});
});
