/**
 * Figure 7: the app on the embedded database (PGlite, the default of a small installation) beside
 * the same app on PostgreSQL, under the same load (20 connections, as issue 18 quotes), so a change
 * that helps one database and hurts the other shows. Sign-up POST and event page GET, runs
 * alternating between the two.
 *
 * PGlite allows one process per data directory: the bench makes the events before the server
 * starts and checks the stored registrations after it has stopped (checkEmbedded).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../../src/lib/server/db';
import { runLoad, unexpected, type LoadResult } from '../load';
import { fmt } from '../report';
import { createEvent, storedSignups } from '../seed';
import type { Context, EmbeddedTarget, Target } from '../context';
import { alternateNamed, getRun, runDetails, signupRun, signupSpec, spec, summary } from './runs';

export const EMBEDDED_CONNECTIONS = 20;

/** Hot events a run of the embedded figures and the memory phase may use up. */
export function hotEventsNeeded(runs: number): number {
	return 2 + runs + 2;
}

/** Creates and migrates the embedded database with the events the runs use; the server is not started. */
export async function prepareEmbedded(
	dataDir: string,
	projectDir: string,
	port: number,
	hotCount: number
): Promise<EmbeddedTarget> {
	mkdirSync(dataDir, { recursive: true });
	const database = await openDatabase({
		dataDir,
		migrationsFolder: path.join(projectDir, 'drizzle')
	});
	try {
		const page = await createEvent(database.db, 'bench-page');
		const hot: { id: string; slug: string }[] = [];
		for (let i = 1; i <= hotCount; i++) {
			const ev = await createEvent(database.db, `hot-embedded-${i}`);
			hot.push({ id: ev.id, slug: ev.slug });
		}
		return {
			port,
			origin: `http://127.0.0.1:${port}`,
			dataDir,
			events: { page: page.slug, hot },
			signups: []
		};
	} finally {
		await database.close();
	}
}

/** A copy of the context whose load runs use the embedded figures' connection count. */
export function atEmbeddedLoad(ctx: Context): Context {
	return { ...ctx, settings: { ...ctx.settings, connections: EMBEDDED_CONNECTIONS } };
}

/** One sign-up run on the next unused hot event of the embedded database. */
export async function embeddedSignupRun(
	ctx: Context,
	emb: EmbeddedTarget,
	durationS: number
): Promise<LoadResult> {
	const ev = emb.events.hot[emb.signups.length];
	if (!ev) throw new Error('the embedded database has no unused hot event left');
	const signups = { eventId: ev.id, redirects: 0 };
	emb.signups.push(signups);
	const result = await runLoad(signupSpec(ctx, emb, ev.slug, durationS));
	const wrong = unexpected(result, [303]);
	ctx.check(!wrong, `embedded sign-up answered ${wrong}`);
	signups.redirects = result.statuses['303'] ?? 0;
	ctx.check(signups.redirects > 0, 'embedded: no sign-up reached the database');
	return result;
}

export async function embeddedGetRun(
	ctx: Context,
	emb: EmbeddedTarget,
	durationS: number
): Promise<LoadResult> {
	const result = await runLoad(spec(ctx, emb, { path: `/events/${emb.events.page}`, durationS }));
	const wrong = unexpected(result, [200]);
	ctx.check(!wrong, `embedded event page answered ${wrong}`);
	return result;
}

export async function embeddedPhase(context: Context, app: Target, emb: EmbeddedTarget) {
	const ctx = atEmbeddedLoad(context);
	const { durationS, runs } = ctx.settings;
	ctx.log(
		`embedded database: sign-up POST and event page GET, ${runs} × ${durationS} s on each database, ${EMBEDDED_CONNECTIONS} connections`
	);
	for (const [name, embeddedRun, postgresRun] of [
		['sign-up POST', embeddedSignupRun, signupRun],
		['event page GET', embeddedGetRun, getRun]
	] as const) {
		// warm-up, not counted
		await embeddedRun(ctx, emb, 3);
		await postgresRun(ctx, app, 3);
		const results = await alternateNamed(ctx, [
			{ name: 'embedded', run: () => embeddedRun(ctx, emb, durationS) },
			{ name: 'postgresql', run: () => postgresRun(ctx, app, durationS) }
		]);
		const e = summary(results.embedded!);
		const p = summary(results.postgresql!);
		const figure = `7. ${name} on the embedded database (baseline column: the app on PostgreSQL), ${EMBEDDED_CONNECTIONS} conn`;
		ctx.rows.push(
			{
				figure: `${figure}: req/s`,
				app: fmt.int(e.rps),
				baseline: fmt.int(p.rps),
				ratio: fmt.pct(e.rps / p.rps)
			},
			{
				figure: `7. ${name}, embedded / PostgreSQL: p50 / p99 ms; server CPU ms per request`,
				app: `${fmt.ms(e.p50)} / ${fmt.ms(e.p99)}; ${e.cpuMs.toFixed(2)}`,
				baseline: `${fmt.ms(p.p50)} / ${fmt.ms(p.p99)}; ${p.cpuMs.toFixed(2)}`
			}
		);
		runDetails(
			ctx,
			`7. ${name}, the app on the embedded database and on PostgreSQL (${EMBEDDED_CONNECTIONS} connections)`,
			results
		);
	}
}

/**
 * After the embedded server has stopped: every sign-up run stored one registration per 303 (and
 * at most one more per connection, cut off by the run's end) and one outbox row per registration.
 */
export async function checkEmbedded(ctx: Context, emb: EmbeddedTarget, projectDir: string) {
	if (emb.signups.length === 0) return;
	const database = await openDatabase({
		dataDir: emb.dataDir,
		migrationsFolder: path.join(projectDir, 'drizzle')
	});
	try {
		for (const { eventId, redirects } of emb.signups) {
			const stored = await storedSignups(database.db, eventId);
			ctx.check(
				stored.registrations >= redirects &&
					stored.registrations <= redirects + EMBEDDED_CONNECTIONS,
				`embedded: ${redirects} redirects but ${stored.registrations} stored registrations`
			);
			ctx.check(
				stored.outbox === stored.registrations,
				`embedded: ${stored.registrations} registrations but ${stored.outbox} outbox rows`
			);
		}
	} finally {
		await database.close();
	}
}
