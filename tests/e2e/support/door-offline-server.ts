/**
 * An app server of its own for the offline door journey, which stops and starts it: a service
 * worker's fetches ignore `context.setOffline`, so the only honest way to take the server away from
 * the door device is to stop it. Same build, env and seed helpers as tests/e2e/support/server.ts,
 * on a fresh database of the shared test server (or an embedded one), kept across restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../../src/lib/server/db';
import * as events from '../../../src/lib/server/events';
import { ticketCode, ticketHash } from '../../../src/lib/server/tickets/code';
import {
	createDatabase,
	startEmbeddedPostgres,
	type PostgresServer
} from '../../support/postgres-server';
import { DOOR_EVENT, extraEvents } from './data';
import { seedDoorDay } from './door-day';
import { E2E_SECRET_KEY } from './jobs-cli';
import { createStaffUsers } from './staff-users';

export interface DoorOfflineServer {
	origin: string;
	eventId: string;
	/** The seeded door registrant (seedDoorDay): id, name and a valid ticket code. */
	person: { id: string; name: string; code: string };
	start(): Promise<void>;
	stop(): Promise<void>;
	/** The registration's arrival as the database has it, and its ledger rows as they reached it. */
	arrival(): Promise<{ checkedInAt: Date | null; sources: string[]; outcomes: string[] }>;
	close(): Promise<void>;
}

async function waitUntilUp(origin: string, app: ChildProcess): Promise<void> {
	for (let attempt = 0; attempt < 300; attempt++) {
		if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('the app did not start within 30 s');
}

/** `port` is chosen by the spec, which needs its origin as the tests' baseURL before this runs. */
export async function startDoorOfflineServer(port: number): Promise<DoorOfflineServer> {
	const sharedUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
	const embedded: PostgresServer | undefined = sharedUrl
		? undefined
		: await startEmbeddedPostgres();
	const serverUrl = sharedUrl ?? embedded!.url;
	const databaseUrl = await createDatabase(serverUrl, 'ilmo_e2e_door');
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-e2e-door-'));
	const database = await openDatabase({
		url: databaseUrl,
		migrationsFolder: path.resolve('drizzle'),
		maxConnections: 2
	});
	const origin = `http://127.0.0.1:${port}`;
	try {
		await createStaffUsers(database.db);
		for (const input of extraEvents(new Date()).filter((event) => event.slug === DOOR_EVENT)) {
			await events.create(database.db, input);
		}
		await seedDoorDay(database.db, origin);
	} finally {
		await database.close();
	}

	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	const [row] = await sql<{ id: string; eventId: string; name: string; version: number }[]>`
		SELECT r.id, r.event_id AS "eventId", r.first_name || ' ' || r.last_name AS name,
			r.ticket_version AS version
		FROM registration r JOIN event e ON e.id = r.event_id WHERE e.slug = ${DOOR_EVENT}`;
	if (!row) throw new Error('the door registrant is missing');
	const code = ticketCode(row.id, row.version, E2E_SECRET_KEY);
	// Set here too, so the journey does not depend on which sign-up path sets the hash.
	await sql`UPDATE registration SET ticket_hash = ${ticketHash(code)} WHERE id = ${row.id}`;

	const buildEntry = path.resolve(process.env.E2E_BUILD_DIR ?? 'build', 'index.js');
	let app: ChildProcess | undefined;

	const server: DoorOfflineServer = {
		origin,
		eventId: row.eventId,
		person: { id: row.id, name: row.name, code },
		async start() {
			const inherited = { ...process.env };
			delete inherited.DATABASE_URL;
			app = spawn(process.execPath, [buildEntry], {
				stdio: ['ignore', 'ignore', 'inherit'],
				env: {
					...inherited,
					NODE_ENV: 'production',
					DATABASE_URL: databaseUrl,
					PORT: String(port),
					HOST: '127.0.0.1',
					ORIGIN: origin,
					ILMO_DATA_DIR: dataDir,
					ILMO_SECRET_KEY: E2E_SECRET_KEY,
					ILMO_RATE_LIMIT_LOGINS: '40/10m',
					SHUTDOWN_TIMEOUT: '1'
				}
			});
			await waitUntilUp(origin, app);
		},
		async stop() {
			const running = app;
			app = undefined;
			if (!running || running.exitCode !== null) return;
			const exited = new Promise((resolve) => running.once('exit', resolve));
			running.kill('SIGTERM');
			const timer = setTimeout(() => running.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		},
		async arrival() {
			const [registration] = await sql<{ checkedInAt: Date | null }[]>`
				SELECT checked_in_at AS "checkedInAt" FROM registration WHERE id = ${row.id}`;
			const ledger = await sql<{ source: string; outcome: string }[]>`
				SELECT source, outcome FROM check_in WHERE registration_id = ${row.id} ORDER BY created_at`;
			return {
				checkedInAt: registration?.checkedInAt ?? null,
				sources: ledger.map((entry) => entry.source),
				outcomes: ledger.map((entry) => entry.outcome)
			};
		},
		async close() {
			await server.stop();
			await sql.end();
			const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
			try {
				const name = new URL(databaseUrl).pathname.slice(1);
				await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await admin.end();
			}
			await embedded?.stop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
	await server.start();
	return server;
}
