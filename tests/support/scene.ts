import { afterAll, beforeAll } from 'vitest';
import type { Database, Db } from '../../src/lib/server/db';
import type { StaffRole } from '../../src/lib/server/db/schema';
import { makeStaff } from './attendees';
import { openTestDatabase, type DatabaseKind } from './databases';

export interface StaffScene {
	database: Database;
	db: Db;
	staff: Awaited<ReturnType<typeof makeStaff>>;
}

/**
 * Before the tests of a `describe`: a fresh migrated database of the kind with one staff member,
 * handed to `ready`; after them, the database is closed. Most integration suites start this way.
 */
export function openStaffScene(
	kind: DatabaseKind,
	ready: (scene: StaffScene) => void,
	role: StaffRole = 'staff'
): void {
	let database: Database | undefined;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		ready({ database, db: database.db, staff: await makeStaff(database.db, role) });
	});
	afterAll(async () => {
		await database?.close();
	});
}
