import type { Db } from '../../../src/lib/server/db';
import * as users from '../../../src/lib/server/auth/users';
import type { StaffRole } from '../../../src/lib/server/db/schema';

/** One named account per role, created by the e2e server before the app starts. */
export const STAFF_USERS: Record<
	StaffRole,
	{ email: string; displayName: string; password: string }
> = {
	admin: {
		email: 'e2e.admin@wetteritrucks.fi',
		displayName: 'Aila Ylläpitäjä',
		password: 'e2e-admin-salasana-2026'
	},
	staff: {
		email: 'e2e.staff@wetteritrucks.fi',
		displayName: 'Sami Myyjä',
		password: 'e2e-staff-salasana-2026'
	},
	door: {
		email: 'e2e.door@wetteritrucks.fi',
		displayName: 'Olli Ovimies',
		password: 'e2e-door-salasana-2026'
	}
};

export async function createStaffUsers(db: Db) {
	for (const [role, user] of Object.entries(STAFF_USERS) as [
		StaffRole,
		(typeof STAFF_USERS)[StaffRole]
	][]) {
		const result = await users.create(db, { ...user, role }, { kind: 'system' });
		if (!result.ok) throw new Error(`could not create ${role}: ${result.reason}`);
	}
}
