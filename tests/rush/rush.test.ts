/**
 * Issue 8: a rush on two instances. 1,000 sign-ups for 100 seats, split across two `node build`
 * processes on one PostgreSQL database, then 10 cancellations through the manage links the emails
 * carry. Seats, the waiting list and the outbox must come out exactly right, every email once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, stopAllApps, type AppInstance } from './support/app';
import { expectStoredAsTold } from './support/checks';
import {
	consistency,
	eventually,
	outboxByStatus,
	registrations,
	seedDatabase,
	type Seeded
} from './support/database';
import { rush, tally, type Answer } from './support/load';
import { duplicateMessageIds, manageUrl, startSink, type Sink } from './support/smtp';

const SIGN_UPS = 1000;
const CAPACITY = 100;
const CANCELLATIONS = 10;
/**
 * All at once: 500 open connections per instance (the machines allow 20,000 open files; the listen
 * backlog is 511). Each request may wait its turn for a database connection, hence the long timeout.
 */
const CONCURRENCY = SIGN_UPS;
const REQUEST_TIMEOUT_MS = 90_000;

describe('a rush on two instances', () => {
	let seeded: Seeded;
	let sink: Sink;
	let apps: AppInstance[];
	let answers: Answer[];

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: CAPACITY });
		sink = await startSink();
		apps = await Promise.all(
			['a', 'b'].map((name) => startApp({ name, databaseUrl: seeded.url, smtpUrl: sink.url }))
		);
	});

	afterAll(async () => {
		await stopAllApps();
		await sink?.close();
		await seeded?.drop();
	});

	it('answers every sign-up and books exactly the capacity, the rest on the waiting list', async () => {
		answers = await rush(apps, seeded.slug, 'main', SIGN_UPS, CONCURRENCY, REQUEST_TIMEOUT_MS);
		expect(tally(answers)).toEqual({ 303: SIGN_UPS });
		// Both instances took their half.
		for (const app of apps) {
			expect(answers.filter((a) => a.origin === app.origin)).toHaveLength(SIGN_UPS / 2);
		}

		const rows = await expectStoredAsTold(seeded, answers);
		expect(rows).toHaveLength(SIGN_UPS);
		expect(await consistency(seeded.sql, seeded.eventId)).toMatchObject({
			confirmed_count: CAPACITY,
			confirmed: CAPACITY,
			waitlisted: SIGN_UPS - CAPACITY,
			positions: SIGN_UPS - CAPACITY,
			distinct_positions: SIGN_UPS - CAPACITY,
			without_mail: 0,
			without_token: 0
		});
	});

	it('delivers every confirmation exactly once, sent by both workers together', async () => {
		await eventually(
			async () => (await outboxByStatus(seeded.sql)).sent === SIGN_UPS,
			90_000,
			`${SIGN_UPS} outbox rows sent`,
			500
		);
		expect(await outboxByStatus(seeded.sql)).toEqual({ sent: SIGN_UPS });
		await sink.waitFor(SIGN_UPS, 10_000);
		expect(sink.messages).toHaveLength(SIGN_UPS);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
		const to = sink.messages.flatMap((m) => m.to);
		expect(new Set(to).size).toBe(SIGN_UPS);
	});

	it('promotes exactly the first on the waiting list when confirmed registrants cancel', async () => {
		const rows = await registrations(seeded.sql, seeded.eventId);
		const confirmed = rows.filter((r) => r.status === 'confirmed').slice(0, CANCELLATIONS);
		const firstInLine = rows
			.filter((r) => r.status === 'waitlisted')
			.sort((x, y) => x.waitlist_position! - y.waitlist_position!)
			.slice(0, CANCELLATIONS);
		const links = new Map(sink.messages.map((mail) => [mail.to[0]!, manageUrl(mail)] as const));

		// Each registrant cancels through the link in their own email, half on each instance, at once.
		const results = await Promise.all(
			confirmed.map(async (registration, i) => {
				const link = links.get(registration.email);
				expect(link, `manage link for ${registration.email}`).toBeDefined();
				const app = apps[i % apps.length]!;
				const { pathname } = new URL(link!);
				const response = await fetch(`${app.origin}${pathname}/cancel/${registration.id}`, {
					method: 'POST',
					body: new URLSearchParams({}),
					redirect: 'manual',
					headers: {
						origin: app.origin,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					signal: AbortSignal.timeout(30_000)
				});
				await response.arrayBuffer();
				return response.status;
			})
		);
		expect(results).toEqual(Array(CANCELLATIONS).fill(303));

		const after = await registrations(seeded.sql, seeded.eventId);
		const byId = new Map(after.map((r) => [r.id, r]));
		for (const r of confirmed) expect(byId.get(r.id)?.status).toBe('cancelled');
		for (const r of firstInLine) expect(byId.get(r.id)?.status).toBe('confirmed');
		expect(after.filter((r) => r.status === 'confirmed')).toHaveLength(CAPACITY);
		expect(after.filter((r) => r.status === 'waitlisted')).toHaveLength(
			SIGN_UPS - CAPACITY - CANCELLATIONS
		);
		expect(await consistency(seeded.sql, seeded.eventId)).toMatchObject({
			confirmed_count: CAPACITY,
			confirmed: CAPACITY,
			without_mail: 0
		});

		// A cancellation notice to each who cancelled and a promotion notice to each promoted, once.
		const total = SIGN_UPS + 2 * CANCELLATIONS;
		await sink.waitFor(total, 30_000);
		await eventually(
			async () => (await outboxByStatus(seeded.sql)).sent === total,
			30_000,
			'the cancellation and promotion mail sent'
		);
		expect(sink.messages).toHaveLength(total);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
		const later = sink.messages
			.slice(SIGN_UPS)
			.flatMap((m) => m.to)
			.sort();
		expect(later).toEqual([...confirmed, ...firstInLine].map((r) => r.email).sort());
	});
});
