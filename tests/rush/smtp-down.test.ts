/**
 * Issue 8, faults: the mail server is down during sign-ups. Every registration still succeeds, its
 * email waits in the outbox, and when the server is back every email is delivered, none twice, by
 * the two instances' workers together. Issue 18: those workers are processes of their own beside
 * the servers, so they deliver even while the servers themselves are paused.
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

	it('delivers every waiting email once when the mail server is back, with the servers paused', async () => {
		// Paused, a server neither renders nor sends: what arrives now came from its mail process.
		for (const app of apps) app.child.kill('SIGSTOP');
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
			for (const app of apps) app.child.kill('SIGCONT');
		}
		expect(await outboxByStatus(seeded.sql)).toEqual({ sent: SIGN_UPS });
		// Give a second worker the chance to repeat one, then count.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(sink.messages).toHaveLength(SIGN_UPS);
		expect(duplicateMessageIds(sink.messages)).toEqual([]);
		expect(new Set(sink.messages.flatMap((m) => m.to)).size).toBe(SIGN_UPS);
	});
});
