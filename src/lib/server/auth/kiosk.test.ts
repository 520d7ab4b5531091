import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { auditEvent, staffSession } from '../db/schema';
import { kioskAllows, startKiosk, stopKiosk } from './kiosk';
import { createSession, generateSessionToken } from './session';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent } from '$tests/factories';

const KIOSK = '/staff/(app)/events/[id]/kiosk';
const EVENT = '6f1c2a4e-0b7d-4c55-9a0e-3f2b1d4c5e6f';
const OTHER = '0e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0';

describe('what a kiosk-locked session reaches', () => {
	it('reaches everything its role allows while not locked', () => {
		expect(kioskAllows(null, '/staff/(app)/users', {})).toBe(true);
		expect(kioskAllows(null, null, {})).toBe(true);
	});

	it("reaches its event's kiosk and thank-you screen only", () => {
		expect(kioskAllows(EVENT, KIOSK, { id: EVENT })).toBe(true);
		expect(kioskAllows(EVENT, `${KIOSK}/thanks`, { id: EVENT })).toBe(true);
		expect(kioskAllows(EVENT, KIOSK, { id: OTHER })).toBe(false);
		for (const route of [
			'/staff/(app)',
			'/staff/(app)/events/[id]',
			'/staff/(app)/events/[id]/attendees.csv',
			'/staff/(app)/events/[id]/kiosk-export',
			'/staff/(app)/events/[id]/checkin',
			'/staff/(app)/logout',
			'/staff/(app)/account'
		]) {
			expect(kioskAllows(EVENT, route, { id: EVENT }), route).toBe(false);
		}
		expect(kioskAllows(EVENT, null, { id: EVENT })).toBe(false);
	});
});

describe.each(DATABASE_KINDS)('kiosk mode on %s', (kind) => {
	const PASSWORD = 'messuosasto-2026';
	let database: Database;
	let userId: string;
	let eventId: string;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const created = await users.create(
			database.db,
			{ email: 'kioski@wetteri.fi', displayName: 'Kioski', role: 'staff', password: PASSWORD },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		userId = created.user.id;
		eventId = (await makeEvent(database.db)).id;
	});
	afterAll(() => database.close());

	const lockOf = async (sessionId: string) =>
		(await database.db.select().from(staffSession).where(eq(staffSession.id, sessionId)))[0]
			?.kioskEventId;
	const audited = async (action: string) =>
		(await database.db.select().from(auditEvent).where(eq(auditEvent.action, action))).length;

	it("locks the tablet's session alone, and unlocks it only with the password", async () => {
		const tablet = await createSession(database.db, generateSessionToken(), userId, true);
		const laptop = await createSession(database.db, generateSessionToken(), userId, true);
		const who = { sessionId: tablet.id, userId };

		await startKiosk(database.db, who, eventId);
		expect(await lockOf(tablet.id)).toBe(eventId);
		expect(await lockOf(laptop.id)).toBeNull();
		expect(await audited('kiosk.started')).toBe(1);

		expect(await stopKiosk(database.db, who, eventId, 'arvaus')).toEqual({
			ok: false,
			reason: 'wrongPassword'
		});
		expect(await lockOf(tablet.id)).toBe(eventId);
		expect(await audited('kiosk.stopped')).toBe(0);

		expect(await stopKiosk(database.db, who, eventId, PASSWORD)).toEqual({ ok: true });
		expect(await lockOf(tablet.id)).toBeNull();
		expect(await audited('kiosk.stopped')).toBe(1);
	});

	it("does not lock another user's session", async () => {
		const other = await users.create(
			database.db,
			{ email: 'toinen@wetteri.fi', displayName: 'Toinen', role: 'staff', password: PASSWORD },
			{ kind: 'cli' }
		);
		if (!other.ok) throw new Error(other.reason);
		const theirs = await createSession(database.db, generateSessionToken(), other.user.id, true);
		await startKiosk(database.db, { sessionId: theirs.id, userId }, eventId);
		expect(await lockOf(theirs.id)).toBeNull();
	});
});
