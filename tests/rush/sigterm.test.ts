/**
 * Issue 8, faults: graceful shutdown on SIGTERM (docker stop, systemd, a deploy). The process stops
 * accepting connections, finishes the requests it has in hand, lets the outbox worker finish the
 * message it is sending, closes its database pool and exits 0 by itself. On PostgreSQL the worker
 * is a thread of its own (issue 18), which signals do not reach: the server asks it to stop, waits
 * for it, and only then exits.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, stopAllApps } from './support/app';
import { expectStoredAsTold } from './support/checks';
import { eventually, outboxByStatus, seedDatabase, type Seeded } from './support/database';
import { emailFor, signUp, type Answer } from './support/load';
import { mailThreadOf } from './support/processes';
import { duplicateMessageIds, startSink, type Sink } from './support/smtp';

/** The app's pool has 10 connections: this many sign-ups can wait inside a transaction at once. */
const IN_FLIGHT = 10;

/** Whether a new TCP connection to the port is refused (the listening socket is closed). */
function refused(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
	});
}

async function exitOf(app: { exited: Promise<{ code: number | null; signal: string | null }> }) {
	// Bounds a shutdown that never ends; SIGKILL from afterAll cleans up after a failure.
	return Promise.race([
		app.exited,
		new Promise<{ code: null; signal: 'still running' }>((resolve) =>
			setTimeout(() => resolve({ code: null, signal: 'still running' }), 60_000).unref()
		)
	]);
}

describe('graceful shutdown on SIGTERM', () => {
	let seeded: Seeded;
	const sinks: Sink[] = [];

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 100 });
	});

	afterAll(async () => {
		await stopAllApps();
		await Promise.all(sinks.map((sink) => sink.close()));
		await seeded?.drop();
	});

	it('refuses new connections, finishes the requests in hand and exits 0', async () => {
		const sink = await startSink();
		sinks.push(sink);
		const app = await startApp({ name: 'term', databaseUrl: seeded.url, smtpUrl: sink.url });
		const database = new URL(seeded.url).pathname.slice(1);
		let inFlight: Promise<Answer>[] = [];
		let answered = 0;
		let answeredWhenRefused = -1;
		// The test holds the event's row lock, so every sign-up stops inside its transaction: then
		// they are certainly in the app's hands (not still in the socket's accept queue) when SIGTERM
		// comes, and they stay there until the lock is released.
		await seeded.sql.begin(async (tx) => {
			await tx`SELECT id FROM event WHERE id = ${seeded.eventId} FOR UPDATE`;
			inFlight = Array.from({ length: IN_FLIGHT }, (_, i) =>
				signUp(app, seeded.slug, emailFor('term', i)).finally(() => answered++)
			);
			await eventually(
				async () => {
					// Activity is read once per transaction unless the snapshot is dropped first.
					await tx`SELECT pg_stat_clear_snapshot()`;
					const [waiting] = await tx<{ n: number }[]>`
						SELECT count(*)::int AS n FROM pg_stat_activity
						WHERE datname = ${database} AND wait_event_type = 'Lock'`;
					return waiting!.n === IN_FLIGHT;
				},
				30_000,
				`${IN_FLIGHT} sign-ups waiting for the seat lock`,
				20
			);
			app.child.kill('SIGTERM');
			await eventually(() => refused(app.port), 10_000, 'new connections refused', 5);
			answeredWhenRefused = answered;
			// Committing releases the lock and lets them finish; the process must wait for them.
		});
		const all = await Promise.all(inFlight);

		const exit = await exitOf(app);
		expect(exit).toEqual({ code: 0, signal: null });
		// Nothing was answered while the lock was held: the listener closed with all of them in hand.
		expect(answeredWhenRefused).toBe(0);
		expect(all.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(303));
		await expectStoredAsTold(seeded, all);
		// No message is left claimed by the stopped worker (it would wait out a 10-minute lease), and
		// whatever it marked sent arrived exactly once.
		const outbox = await outboxByStatus(seeded.sql);
		expect(outbox.sending).toBeUndefined();
		expect(sink.messages).toHaveLength(outbox.sent ?? 0);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
	});

	it('lets the message being sent finish, leaves the rest to another instance, and closes its pool', async () => {
		// The mail server takes its time with each message, so SIGTERM arrives mid-send.
		const sink = await startSink({ holdMs: 800 });
		sinks.push(sink);
		const before = (await outboxByStatus(seeded.sql)).sent ?? 0;
		const app = await startApp({ name: 'term-mail', databaseUrl: seeded.url, smtpUrl: sink.url });
		const emails = Array.from({ length: 5 }, (_, i) => `term.mail.${i}@example.com`);
		// The mail goes out from the mail thread.
		await mailThreadOf(app);
		for (const email of emails) expect((await signUp(app, seeded.slug, email)).status).toBe(303);
		await eventually(async () => sink.started > 0, 30_000, 'a send started', 5);
		app.child.kill('SIGTERM');

		const exit = await exitOf(app);
		expect(exit).toEqual({ code: 0, signal: null });
		// The send in progress completed and was recorded; nothing is left claimed.
		expect(sink.messages.length).toBeGreaterThanOrEqual(1);
		const outbox = await outboxByStatus(seeded.sql);
		expect(outbox.sending).toBeUndefined();
		expect((outbox.sent ?? 0) - before).toBe(sink.messages.length);
		// The pool is closed: the database has no session left from the stopped process.
		const database = new URL(seeded.url).pathname.slice(1);
		await eventually(
			async () => {
				const [open] = await seeded.sql<{ n: number }[]>`
					SELECT count(*)::int AS n FROM pg_stat_activity
					WHERE datname = ${database} AND pid <> pg_backend_pid()`;
				return open!.n === 0;
			},
			10_000,
			'no session of the app left'
		);

		// Whatever it did not send, another instance sends; every message arrives exactly once.
		await startApp({ name: 'term-next', databaseUrl: seeded.url, smtpUrl: sink.url });
		await sink.waitFor(emails.length, 60_000);
		await eventually(
			async () => ((await outboxByStatus(seeded.sql)).sent ?? 0) - before === emails.length,
			30_000,
			'every message marked sent'
		);
		expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(emails);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
	});
});
