/**
 * Test data and checks for the request tests: an admin who can re-enter a password, the token a
 * verification email carries, and a scan of every text column for a person's values.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { emailOutbox, staffUser } from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { makeStaff } from './attendees';

export const ADMIN_PASSWORD = 'kuorma-auto-pyyntö-2026';

/** An admin whose password is ADMIN_PASSWORD (hashed once per test file: argon2 is slow). */
export async function makeAdmin(db: Db) {
	const admin = await makeStaff(db, 'admin');
	await db
		.update(staffUser)
		.set({ passwordHash: await hashPassword(ADMIN_PASSWORD) })
		.where(eq(staffUser.id, admin.id));
	return admin;
}

/** The token in the latest verification email (the only place it exists in clear). */
export async function latestVerificationToken(db: Db): Promise<string> {
	const [row] = await db
		.select({ message: emailOutbox.message })
		.from(emailOutbox)
		.where(eq(emailOutbox.template, 'request.verification'))
		.orderBy(desc(emailOutbox.id))
		.limit(1);
	const match = /\/requests\/verify\/([a-z0-9]+)/.exec(row?.message?.text ?? '');
	if (!match) throw new Error('no verification email queued');
	return match[1]!;
}

function resultRows<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Every place a value still appears in clear: each text, json, array or enum column of every
 * public table, as `table.column`. Read from the catalog, so a table added later is scanned too.
 */
export async function findInClear(db: Db, needles: string[]): Promise<string[]> {
	const columns = resultRows<{ table_name: string; column_name: string }>(
		await db.execute(sql`SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = 'public'
				AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
			ORDER BY table_name, column_name`)
	);
	const found: string[] = [];
	for (const { table_name: table, column_name: column } of columns) {
		for (const needle of needles) {
			const [row] = resultRows<{ n: number }>(
				await db.execute(
					sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}
						WHERE position(lower(${needle}) IN lower(${sql.identifier(column)}::text)) > 0`
				)
			);
			if (row && row.n > 0) found.push(`${table}.${column} (${needle})`);
		}
	}
	return found;
}
