import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { reauthenticate } from './reauthenticate';
import * as userAdmin from './user-admin';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const PASSWORD = 'hallinto-avain-2026';

// The one password re-check: the account page, the second factor and an erasure all call it, so
// what it refuses every sensitive form refuses.
describe.each(DATABASE_KINDS)('re-authentication on %s', (kind) => {
	let database: Database;
	let adminId: string;
	let staffId: string;

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const make = async (email: string, role: 'admin' | 'staff') => {
			const created = await users.create(
				database.db,
				{ email, displayName: email, role, password: PASSWORD },
				{ kind: 'cli' }
			);
			if (!created.ok) throw new Error(created.reason);
			return created.user.id;
		};
		adminId = await make('ada@wetteri.fi', 'admin');
		staffId = await make('sami@wetteri.fi', 'staff');
	});
	afterAll(() => database.close());

	it('takes the right password and refuses a wrong one', async () => {
		expect(await reauthenticate(database.db, staffId, PASSWORD)).toEqual({ ok: true });
		expect(await reauthenticate(database.db, staffId, 'väärä-salasana')).toEqual({
			ok: false,
			reason: 'wrongPassword'
		});
	});

	it('refuses a disabled account even with its right password', async () => {
		expect(
			await userAdmin.setDisabled(database.db, { id: staffId, disabled: true }, adminId)
		).toMatchObject({ ok: true });
		expect(await reauthenticate(database.db, staffId, PASSWORD)).toEqual({
			ok: false,
			reason: 'wrongPassword'
		});
	});

	it('refuses an account that does not exist', async () => {
		expect(
			await reauthenticate(database.db, '00000000-0000-4000-8000-000000000000', PASSWORD)
		).toEqual({ ok: false, reason: 'wrongPassword' });
	});
});
