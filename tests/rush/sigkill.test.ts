/**
 * Issue 8, faults: one app process killed (SIGKILL) in the middle of a rush. Requests it had in
 * hand go unanswered; every one it had answered with success is in the database, nothing is
 * half-written (a registration always has its seat count, manage token and email), and the
 * restarted process serves again. Issue 18: mail is sent from a worker thread of each server, which
 * dies with its process: no orphan can go on sending, so there is none to look for. That a mail
 * thread that fails is started again is tested in src/lib/server/mail/supervisor.test.ts (a thread
 * cannot be killed from outside its process).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { restartApp, startApp, stopAllApps, type AppInstance } from './support/app';
import { expectConsistent, expectStoredAsTold } from './support/checks';
import { eventually, outboxByStatus, seedDatabase, type Seeded } from './support/database';
import { emailFor, signUp, tally, type Answer } from './support/load';

const SIGN_UPS = 400;
const LANES = 40;

describe('an app process killed mid-rush', () => {
	let seeded: Seeded;
	let apps: AppInstance[];

	beforeAll(async () => {
		seeded = await seedDatabase(inject('postgresUrl'), { capacity: 100 });
		apps = await Promise.all(['a', 'b'].map((name) => startApp({ name, databaseUrl: seeded.url })));
	});

	afterAll(async () => {
		await stopAllApps();
		await seeded?.drop();
	});

	it('keeps every answered sign-up and leaves nothing half-written', async () => {
		const answers: Answer[] = [];
		let next = 0;
		const lanes = Array.from({ length: LANES }, async () => {
			while (next < SIGN_UPS) {
				const index = next++;
				const answer = await signUp(apps[index % 2]!, seeded.slug, emailFor('kill', index));
				answers.push(answer);
				if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			}
		});
		const victim = apps[1]!;
		// Killed while it has requests in hand: a quarter of the rush is answered by then.
		await eventually(async () => answers.length >= SIGN_UPS / 4, 60_000, 'a quarter answered', 5);
		victim.child.kill('SIGKILL');
		const { signal } = await victim.exited;
		expect(signal).toBe('SIGKILL');
		// Requests to the dead address are refused for a moment; then it is back on the same port.
		await eventually(
			async () => answers.some((a) => a.origin === victim.origin && a.status === 0),
			30_000,
			'a refused request'
		);
		apps[1] = await restartApp(victim);
		await Promise.all(lanes);

		// Only answers and refusals: the survivor never failed a request because its peer died.
		const statuses = tally(answers);
		expect(Object.keys(statuses).sort(), JSON.stringify(statuses)).toEqual(['0', '303']);
		// Every answer from the survivor a redirect, and some of them: an empty list passes `every`.
		const survivors = answers.filter((a) => a.origin !== victim.origin);
		expect(survivors.length, 'answers from the surviving instance').toBeGreaterThan(0);
		expect(survivors.filter((a) => a.status !== 303)).toEqual([]);

		const rows = await expectStoredAsTold(seeded, answers);
		// An unanswered request may or may not have committed, but never in part.
		const state = await expectConsistent(seeded);
		expect(state.confirmed).toBe(Math.min(100, rows.length));
		expect(state.waitlisted).toBe(rows.length - state.confirmed);
		const [orphans] = await seeded.sql<{ persons: number }[]>`
			SELECT count(*)::int AS persons FROM person p
			WHERE NOT EXISTS (SELECT 1 FROM registration r WHERE r.person_id = p.id)`;
		expect(orphans!.persons).toBe(0);

		// Mail goes on: everything is sent except what the killed process had claimed, which waits
		// for its lease to run out rather than be sent twice.
		// (The survivor may be holding a batch of its own for a moment, hence the polling.)
		await eventually(
			async () => {
				const outbox = await outboxByStatus(seeded.sql);
				return outbox.pending === undefined && (outbox.sending ?? 0) <= 10;
			},
			60_000,
			'the outbox drained'
		);
		const outbox = await outboxByStatus(seeded.sql);
		expect(outbox.failed).toBeUndefined();
		expect(outbox.sent).toBeGreaterThanOrEqual(rows.length - 10);
	});
});
