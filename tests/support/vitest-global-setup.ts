import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db';
import { ensureMigratedSnapshot } from '../../src/lib/server/db/migrated-snapshot';
import { createDatabase, startEmbeddedPostgres } from './postgres-server';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
		/** A migrated database on that server for CREATE DATABASE … TEMPLATE (see databases.ts). */
		postgresTemplate: string;
		/** A file holding a migrated PGlite data directory (dumpDataDir, an uncompressed tar). */
		pgliteSnapshot: string;
	}
}

const migrationsFolder = path.resolve(import.meta.dirname, '../../drizzle');

/**
 * A migrated database of each kind, made once per run: every test database starts as a copy of one,
 * so the run does not pay PGlite's initdb (about 2 s) and the whole migration history again for each
 * of its databases (one or more per describe and kind). openTestDatabase still migrates each copy,
 * which finds nothing left to do.
 */
async function makeTemplates(serverUrl: string) {
	const templateUrl = await createDatabase(serverUrl, 'ilmo_template');
	await (await openDatabase({ url: templateUrl, migrationsFolder })).close();
	const postgresTemplate = new URL(templateUrl).pathname.slice(1);

	// The one `npm run dev` starts a new data directory from, kept between runs.
	const snapshot = await ensureMigratedSnapshot({ migrationsFolder });
	const directory = mkdtempSync(path.join(os.tmpdir(), 'ilmo-pglite-snapshot-'));
	const pgliteSnapshot = path.join(directory, 'migrated.tar');
	writeFileSync(pgliteSnapshot, snapshot);

	return {
		postgresTemplate,
		pgliteSnapshot,
		async remove() {
			rmSync(directory, { recursive: true, force: true });
			const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
			try {
				await admin.unsafe(`DROP DATABASE IF EXISTS "${postgresTemplate}"`);
			} finally {
				await admin.end();
			}
		}
	};
}

/** Every integration test runs against a real PostgreSQL server: TEST_DATABASE_URL's, or one started here. */
export default async function setup(project: TestProject) {
	const given = process.env.TEST_DATABASE_URL;
	if (!given)
		console.log('[tests] TEST_DATABASE_URL is not set: starting an embedded PostgreSQL server');
	const server = given ? undefined : await startEmbeddedPostgres();
	const postgresUrl = given ?? server!.url;
	let templates: Awaited<ReturnType<typeof makeTemplates>>;
	try {
		templates = await makeTemplates(postgresUrl);
	} catch (error) {
		await server?.stop();
		throw error;
	}
	project.provide('postgresUrl', postgresUrl);
	project.provide('postgresTemplate', templates.postgresTemplate);
	project.provide('pgliteSnapshot', templates.pgliteSnapshot);
	return async () => {
		await templates.remove();
		await server?.stop();
	};
}
