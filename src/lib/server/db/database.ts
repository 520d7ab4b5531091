import { config } from '../config';
import { openDatabase, type Database, type Db } from './index';

type Holder = { ilmoDatabase?: Promise<Database> };
// Kept on globalThis so Vite's hot reload reuses the open PGlite instance and its lock.
const holder = globalThis as unknown as Holder;

/** The process-wide database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
	if (!holder.ilmoDatabase) {
		const { databaseUrl, dataDir } = config();
		holder.ilmoDatabase = openDatabase({ url: databaseUrl, dataDir }).catch((error: unknown) => {
			holder.ilmoDatabase = undefined;
			throw error;
		});
	}
	return holder.ilmoDatabase;
}

export async function db(): Promise<Db> {
	return (await getDatabase()).db;
}
