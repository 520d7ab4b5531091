import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db';
import { makeStaff } from '$tests/attendees';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import * as audit from './index';
import { showsLoggingNotice } from './notice';

describe.each(DATABASE_KINDS)('staff logging notice on %s', (kind) => {
	let database: Database;
	let db: Db;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		db = database.db;
	});

	afterAll(async () => {
		await database?.close();
	});

	it('shows at the first and second sign-in, then no more', async () => {
		const user = await makeStaff(db);
		const other = await makeStaff(db);
		const signIn = (id: string) =>
			audit.record(db, {
				action: 'staff.signed_in',
				actor: { kind: 'staff', id },
				subject: { type: 'staff_user', id }
			});
		await signIn(user.id);
		expect(await showsLoggingNotice(db, user.id)).toBe(true);
		await signIn(user.id);
		// Other actions and other people's sign-ins do not count.
		await audit.record(db, { action: 'attendees.viewed', actor: { kind: 'staff', id: user.id } });
		await signIn(other.id);
		expect(await showsLoggingNotice(db, user.id)).toBe(true);
		await signIn(user.id);
		expect(await showsLoggingNotice(db, user.id)).toBe(false);
		expect(await showsLoggingNotice(db, other.id)).toBe(true);
	});
});
