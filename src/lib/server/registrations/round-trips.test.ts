import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../db';
import { rowsOf } from '../db/rows';
import * as schema from '../db/schema';
import type { Event } from '../db/schema';
import { createDatabase } from '$tests/postgres-server';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { findEventForSignUp, registerCounted } from './index';

/**
 * Counts round trips between postgres.js and the server: one each time the client writes after the
 * server last answered. Between the two, a prepared statement is one; Drizzle's unprepared queries
 * are two each (postgres.js asks for the parameter types first).
 */
function countingProxy(
	target: URL
): Promise<{ server: Server; port: number; turns: () => number }> {
	let turns = 0;
	return new Promise((resolve) => {
		const server = createServer((client) => {
			const upstream = connect(Number(target.port), target.hostname);
			let last: 'client' | 'server' = 'server';
			client.on('data', (chunk) => {
				if (last === 'server') turns++;
				last = 'client';
				upstream.write(chunk);
			});
			upstream.on('data', (chunk) => {
				last = 'server';
				client.write(chunk);
			});
			client.on('close', () => upstream.destroy());
			upstream.on('close', () => client.destroy());
			client.on('error', () => upstream.destroy());
			upstream.on('error', () => client.destroy());
		});
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({ server, port, turns: () => turns });
		});
	});
}

describe('a sign-up on postgres', () => {
	let database: Database;
	let client: postgres.Sql;
	let proxy: Awaited<ReturnType<typeof countingProxy>>;
	let db: Db;
	const statements: string[] = [];

	beforeAll(async () => {
		const url = await createDatabase(
			inject('postgresUrl'),
			'ilmo_test',
			inject('postgresTemplate')
		);
		database = await openDatabase({ url });
		proxy = await countingProxy(new URL(url));
		const through = new URL(url);
		through.hostname = '127.0.0.1';
		through.port = String(proxy.port);
		// One connection, so the counted turns are one sign-up's and nothing else's.
		client = postgres(through.href, {
			max: 1,
			onnotice: () => {},
			debug: (_connection, query) => statements.push(query)
		});
		db = drizzle(client, { schema }) as unknown as Db;
	});

	afterAll(async () => {
		await client?.end();
		proxy?.server.close();
		await database?.close();
	});

	async function signUp(ev: Event, email: string, on: Db = db) {
		const found = await findEventForSignUp(on, ev.slug);
		return registerCounted(
			on,
			{
				event: found!,
				data: makeSignup({ email }),
				locale: 'en',
				origin: ORIGIN,
				organizer: ORGANIZER
			},
			{
				bucket: 'signup',
				address: '192.0.2.7',
				limit: { max: 1000, windowSeconds: 3600 },
				secret: 'round-trip-secret'
			}
		);
	}

	it('reads the event, counts the hit and looks up, then claims and writes in one statement', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		// The first sign-up on the connection prepares the statements.
		expect(await signUp(ev, 'first@example.fi')).toMatchObject({ status: 'confirmed' });

		for (const [email, status] of [
			['second@example.fi', 'waitlisted'],
			['third@example.fi', 'waitlisted']
		] as const) {
			statements.length = 0;
			const before = proxy.turns();
			expect(await signUp(ev, email)).toMatchObject({ ok: true, status });
			expect(proxy.turns() - before).toBeLessThanOrEqual(3);
			expect(statements.length).toBeLessThanOrEqual(3);
			// No transaction: the one statement that takes the event's lock commits on its own, with
			// the registration, its manage token and its confirmation in it.
			expect(statements.filter((s) => /^\s*(begin|commit)/i.test(s))).toEqual([]);
			const locking = statements.filter((s) => /update\s+"?event"?\s+set/i.test(s));
			expect(locking).toHaveLength(1);
			expect(locking[0]).toMatch(/insert into registration/i);
			expect(locking[0]).toMatch(/insert into access_token/i);
			expect(locking[0]).toMatch(/insert into email_outbox/i);
		}
	});

	it('takes a seat freed after the event was read full, with the confirmation it did not expect', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		await signUp(ev, 'holder@example.fi');
		const full = await findEventForSignUp(db, ev.slug);
		expect(full?.confirmedCount).toBe(1);
		await database.db.execute(sql`UPDATE event SET confirmed_count = 0 WHERE id = ${ev.id}`);
		const answer = await registerCounted(
			db,
			{
				event: full!,
				data: makeSignup({ email: 'lucky@example.fi' }),
				locale: 'en',
				origin: ORIGIN,
				organizer: ORGANIZER
			},
			null
		);
		expect(answer).toMatchObject({ ok: true, status: 'confirmed', waitlistPosition: null });
		const [mail] = rowsOf<{ template: string }>(
			await database.db.execute(sql`SELECT template FROM email_outbox
				WHERE message->>'to' = 'lucky@example.fi'`)
		);
		expect(mail?.template).toBe('registration.confirmed');
	});

	it('states the rank counting those who queued while it waited for the lock', async () => {
		const ev = await makeEvent(database.db, { capacity: 1 });
		await signUp(ev, 'seated@example.fi');
		await signUp(ev, 'waiting@example.fi');
		const emails = ['later.a@example.fi', 'later.b@example.fi'];
		// Both statements start (and take their snapshots) while the event's row is locked; the one
		// that gets the lock second commits after its snapshot was taken, so only the rank's
		// correction counts the first.
		const results = await database.db.transaction(async (tx) => {
			await tx.execute(sql`SELECT 1 FROM event WHERE id = ${ev.id} FOR UPDATE`);
			const pending = emails.map((email) => signUp(ev, email, database.db));
			for (let i = 0; i < 200; i++) {
				const [row] = rowsOf<{ waiting: number }>(
					await database.db.execute(sql`SELECT count(*)::int AS waiting FROM pg_stat_activity
						WHERE datname = current_database() AND wait_event_type = 'Lock'`)
				);
				if (row?.waiting === 2) break;
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
			return pending;
		});
		const answers = await Promise.all(results);
		const positions = answers.map((a) => (a.ok ? a.waitlistPosition : null)).sort();
		expect(positions).toEqual([2, 3]);
		for (const [i, email] of emails.entries()) {
			const answer = answers[i]!;
			const [mail] = rowsOf<{ text: string }>(
				await database.db.execute(sql`SELECT message->>'text' AS text FROM email_outbox
					WHERE message->>'to' = ${email}`)
			);
			expect(mail?.text).toContain(
				`number ${answer.ok ? answer.waitlistPosition : '?'} on the waiting list`
			);
		}
	});
});
