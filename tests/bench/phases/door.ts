/**
 * Figure 10: the door. An event starting now with DOOR_PEOPLE confirmed registrants, each with a
 * ticket; DEVICES door accounts, each signed in with a real session, scan distinct tickets at the
 * scan endpoint at the same time, one request after another per device as a scanner would (the
 * next scan starts when the answer is on screen). Reported: scan-to-answer p50 / p99 over every
 * scan, and check-ins per minute for all devices together. Between runs the arrivals are taken back
 * (checked_in_at and the ledger cleared), so every run checks everyone in afresh.
 */
import { sql } from 'drizzle-orm';
import { createSession, generateSessionToken } from '../../../src/lib/server/auth/session';
import * as users from '../../../src/lib/server/auth/users';
import type { Db } from '../../../src/lib/server/db';
import { SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { ticketCode, ticketHash } from '../../../src/lib/server/tickets/code';
import { fmt, table, verdict } from '../report';
import { analyze, bulkRegistrants, createEvent } from '../seed';
import { median } from '../support';
import type { Context, Target } from '../context';

const DOOR_PEOPLE = 2_000;
const DEVICES = 4;
/** Codes are made here; the server looks them up by hash, so any secret does. */
const SECRET = 'bench-door-tickets-not-secret-0123456789';

interface DoorSetup {
	eventId: string;
	codes: string[];
	cookies: string[];
}

function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

async function seedDoor(db: Db, tag: string): Promise<DoorSetup> {
	const now = Date.now();
	const ev = await createEvent(db, `bench-door-${tag}`, {
		// Starting now: open to door accounts, whose window is the events of today.
		startsAt: new Date(now + 60_000),
		endsAt: new Date(now + 6 * 3_600_000)
	});
	await bulkRegistrants(db, ev.id, DOOR_PEOPLE, `door-${tag}`);
	const ids = rowsOf<{ id: string }>(
		await db.execute(sql`SELECT id FROM registration WHERE event_id = ${ev.id} ORDER BY id`)
	).map((row) => row.id);
	const codes = ids.map((id) => ticketCode(id, 1, SECRET));
	for (let i = 0; i < ids.length; i += 1000) {
		await setHashes(db, ids.slice(i, i + 1000), codes.slice(i, i + 1000));
	}
	const cookies: string[] = [];
	for (let d = 0; d < DEVICES; d++) {
		const created = await users.create(
			db,
			{
				email: `bench.door.${d}@wetteritrucks.fi`,
				displayName: `Ovi ${d + 1}`,
				password: 'bench-door-salasana-2026',
				role: 'door'
			},
			{ kind: 'system' }
		);
		if (!created.ok) throw new Error(`could not create door account ${d}: ${created.reason}`);
		const token = generateSessionToken();
		await createSession(db, token, created.user.id, true);
		cookies.push(`${SESSION_COOKIE}=${token}`);
	}
	await analyze(db);
	return { eventId: ev.id, codes, cookies };
}

/**
 * Tickets for every registration the run seeded, as the app's start-up backfill would issue them
 * (src/lib/server/tickets: one UPDATE per row), but a thousand rows per statement, so the app's
 * start is not spent on 111,000 single-row updates. The secret is the app's ILMO_SECRET_KEY here.
 */
export async function issueTickets(db: Db, secret: string) {
	for (;;) {
		const ids = rowsOf<{ id: string }>(
			await db.execute(
				sql`SELECT id FROM registration WHERE ticket_hash IS NULL AND status <> 'cancelled' LIMIT 1000`
			)
		).map((row) => row.id);
		if (ids.length === 0) return;
		await setHashes(
			db,
			ids,
			ids.map((id) => ticketCode(id, 1, secret))
		);
	}
}

async function setHashes(db: Db, ids: string[], codes: string[]) {
	const values = ids.map((id, j) => sql`(${id}::uuid, ${ticketHash(codes[j]!)})`);
	await db.execute(sql`
		UPDATE registration r SET ticket_hash = v.hash
		FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, hash) WHERE r.id = v.id`);
}

async function resetArrivals(db: Db, eventId: string) {
	await db.execute(sql`UPDATE registration SET checked_in_at = NULL WHERE event_id = ${eventId}`);
	await db.execute(sql`DELETE FROM check_in WHERE event_id = ${eventId}`);
}

interface DoorRun {
	latencies: number[];
	elapsedMs: number;
	outcomes: Record<string, number>;
}

/** Every device scans its share of the codes, one after another; all devices at once. */
async function scanAll(target: Target, setup: DoorSetup): Promise<DoorRun> {
	const url = `${target.origin}/staff/events/${setup.eventId}/checkin/scan`;
	const latencies: number[] = [];
	const outcomes: Record<string, number> = {};
	const started = performance.now();
	await Promise.all(
		setup.cookies.map(async (cookie, device) => {
			for (let i = device; i < setup.codes.length; i += setup.cookies.length) {
				const sent = performance.now();
				const response = await fetch(url, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json', accept: 'application/json' },
					body: JSON.stringify({ code: setup.codes[i], deviceId: `bench-${device}` })
				});
				const body = (await response.json().catch(() => null)) as { outcome?: string } | null;
				latencies.push(performance.now() - sent);
				const key =
					response.status === 200 ? (body?.outcome ?? 'no outcome') : `${response.status}`;
				outcomes[key] = (outcomes[key] ?? 0) + 1;
			}
		})
	);
	return { latencies, elapsedMs: performance.now() - started, outcomes };
}

function percentile(values: number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figures(run: DoorRun) {
	return {
		p50: percentile(run.latencies, 50),
		p99: percentile(run.latencies, 99),
		perMinute: (run.latencies.length / run.elapsedMs) * 60_000
	};
}

export async function doorPhase(ctx: Context, app: Target, base: Target) {
	const setups = new Map<Target, DoorSetup>();
	for (const target of [app, base]) setups.set(target, await seedDoor(target.db.db, target.kind));
	ctx.log(
		`door: ${DEVICES} devices scanning ${fmt.int(DOOR_PEOPLE)} distinct tickets, ${ctx.settings.runs} run(s) each`
	);
	const results: Record<Target['kind'], ReturnType<typeof figures>[]> = { app: [], baseline: [] };
	const lines: string[][] = [];
	for (let i = 0; i < ctx.settings.runs; i++) {
		for (const target of i % 2 === 0 ? [app, base] : [base, app]) {
			const setup = setups.get(target)!;
			await resetArrivals(target.db.db, setup.eventId);
			const run = await scanAll(target, setup);
			ctx.check(
				run.outcomes.checked_in === DOOR_PEOPLE,
				`${target.kind} door scans answered ${JSON.stringify(run.outcomes)}`
			);
			const f = figures(run);
			results[target.kind].push(f);
			ctx.log(
				`${target.kind}: p50 ${fmt.ms(f.p50)} ms, p99 ${fmt.ms(f.p99)} ms, ${fmt.int(f.perMinute)} check-ins/min`
			);
			lines.push([
				target.kind,
				String(i + 1),
				fmt.ms(f.p50),
				fmt.ms(f.p99),
				fmt.int(f.perMinute),
				Object.entries(run.outcomes)
					.map(([k, n]) => `${k}: ${n}`)
					.join(', ')
			]);
		}
	}
	const pick = (kind: Target['kind']) => ({
		p50: median(results[kind].map((r) => r.p50)),
		p99: median(results[kind].map((r) => r.p99)),
		perMinute: median(results[kind].map((r) => r.perMinute))
	});
	const a = pick('app');
	const b = pick('baseline');
	ctx.rows.push({
		figure: `10. door scan, ${DEVICES} devices (${fmt.int(DOOR_PEOPLE)} tickets): p50 / p99 ms`,
		app: `${fmt.ms(a.p50)} / ${fmt.ms(a.p99)}`,
		baseline: `${fmt.ms(b.p50)} / ${fmt.ms(b.p99)}`,
		ratio: `${fmt.pct(a.perMinute / b.perMinute)} check-ins/min`,
		target: 'p99 ≤ 100 ms',
		verdict: verdict(a.p99 <= 100)
	});
	ctx.rows.push({
		figure: `10. door check-ins per minute, ${DEVICES} devices`,
		app: fmt.int(a.perMinute),
		baseline: fmt.int(b.perMinute)
	});
	ctx.details.push(
		`**10. Door scans, ${DEVICES} devices, ${fmt.int(DOOR_PEOPLE)} tickets per run**\n\n${table(
			['server', 'run', 'p50 ms', 'p99 ms', 'check-ins/min', 'answers'],
			lines
		)}`
	);
}
