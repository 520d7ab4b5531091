/**
 * Issue 8, faults: the mail server is down during sign-ups. Every registration still succeeds, its
 * email waits in the outbox, and when the server is back every email is delivered, none twice, by
 * the two instances' workers together. Issue 18: those workers run in threads of their own in the
 * servers, so they deliver while the servers' main threads are kept busy answering page views, and
 * the delivery's CPU time is spent on the mail threads.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/postgres-server';
import { startApp, stopAllApps, type AppInstance } from './support/app';
import {
	consistency,
	eventually,
	outboxByStatus,
	seedDatabase,
	type Seeded
} from './support/database';
import { rush, tally } from './support/load';
import { cpuTicksOf, mailThreadOf } from './support/processes';
import { duplicateMessageIds, startSink, type Sink } from './support/smtp';

const SIGN_UPS = 60;

describe('SMTP down during sign-ups', () => {
	let seeded: Seeded;
	let smtpPort: number;
	let apps: AppInstance[];
	let sink: Sink | undefined;

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 20 });
		// Nothing listens here until the test starts the mail server.
		smtpPort = await freePort();
		apps = await Promise.all(
			['a', 'b'].map((name) =>
				startApp({ name, databaseUrl: seeded.url, smtpUrl: `smtp://127.0.0.1:${smtpPort}` })
			)
		);
	});

	afterAll(async () => {
		await stopAllApps();
		await sink?.close();
		await seeded?.drop();
	});

	it('registers everyone and keeps their email waiting', async () => {
		const answers = await rush(apps, seeded.slug, 'smtp', SIGN_UPS, 20);
		expect(tally(answers)).toEqual({ 303: SIGN_UPS });
		expect(await consistency(seeded.sql, seeded.eventId)).toMatchObject({
			confirmed: 20,
			waitlisted: SIGN_UPS - 20,
			without_mail: 0
		});
		// Each message has been tried (the workers were woken by the sign-ups) and put back.
		await eventually(
			async () => {
				const [row] = await seeded.sql<{ untried: number }[]>`
					SELECT count(*)::int AS untried FROM email_outbox WHERE attempts = 0 OR status <> 'pending'`;
				return row!.untried === 0;
			},
			30_000,
			'every message tried once'
		);
		expect(await outboxByStatus(seeded.sql)).toEqual({ pending: SIGN_UPS });
		const [failure] = await seeded.sql<{ last_error: string }[]>`
			SELECT last_error FROM email_outbox LIMIT 1`;
		expect(failure!.last_error).toMatch(/ECONNREFUSED|connect/i);
	});

	it('delivers every waiting email once when the mail server is back, from the mail threads', async () => {
		const threads = await Promise.all(apps.map((app) => mailThreadOf(app)));
		const ticks = () => apps.map((app, i) => cpuTicksOf(app.child.pid!, threads[i]!));
		const before = ticks();
		// The main threads answer page views all along: the mail threads send regardless.
		let viewing = true;
		const views = apps.flatMap((app) =>
			Array.from({ length: 4 }, async () => {
				while (viewing) {
					const response = await fetch(`${app.origin}/events/${seeded.slug}`);
					await response.arrayBuffer();
					if (response.status !== 200) throw new Error(`page view: ${response.status}`);
				}
			})
		);
		try {
			sink = await startSink({ port: smtpPort });
			// The retry back-off (30 s and up, tested in src/lib/server/mail/transport.test.ts) is
			// skipped: the retry is due now, and the workers' next poll finds it.
			await seeded.sql`UPDATE email_outbox SET next_attempt_at = now() WHERE status = 'pending'`;
			await sink.waitFor(SIGN_UPS, 60_000);
			await eventually(
				async () => (await outboxByStatus(seeded.sql)).sent === SIGN_UPS,
				30_000,
				'every row marked sent'
			);
		} finally {
			viewing = false;
			await Promise.all(views);
		}
		// Rendering and sending 60 messages took CPU time, and it was counted on the mail threads.
		const spent = ticks().map((after, i) => after - before[i]!);
		expect(
			spent.reduce((sum, n) => sum + n, 0),
			`mail thread ticks ${spent}`
		).toBeGreaterThan(0);
		expect(await outboxByStatus(seeded.sql)).toEqual({ sent: SIGN_UPS });
		// Give a second worker the chance to repeat one, then count.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(sink.messages).toHaveLength(SIGN_UPS);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
		expect(new Set(sink.messages.flatMap((m) => m.to)).size).toBe(SIGN_UPS);
	});
});
