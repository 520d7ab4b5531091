import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openStaffScene } from '$tests/scene';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import type { Database } from '../db';
import { auditEvent, registration } from '../db/schema';
import { encodeCursor } from '../list';
import { register } from '../registrations';
import { listUnlinked, unlinkedCursor, unlinkedCursorQuery } from './unlinked';

describe.each(DATABASE_KINDS)('the unlinked registrants queue on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	/** Signs a new person up and sets the registration's time to the microsecond. */
	async function signUpAt(at: string, email: string, ev: Awaited<ReturnType<typeof makeEvent>>) {
		const result = await register(database.db, {
			event: ev,
			data: makeSignup({ email }),
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
		await database.db
			.update(registration)
			.set({ createdAt: sql`${at}::timestamptz` })
			.where(eq(registration.id, result.registrationId));
		return result.registrationId;
	}

	const pageOf = (search: string, pageSize = 3) =>
		listUnlinked(database.db, staff, {
			cursor: unlinkedCursor(new URLSearchParams(search)),
			pageSize
		});
	const idsOf = (page: { rows: { registrationId: string }[] }) =>
		page.rows.map((row) => row.registrationId);

	it('walks forwards and back by keyset, newest first, each person once, through equal times', async () => {
		const ev1 = await makeEvent(database.db);
		const ev2 = await makeEvent(database.db);
		// Runs of equal times, to the microsecond, across both page boundaries (pages of three),
		// and one a microsecond apart from a run, which a millisecond cursor would not tell apart.
		const times = [
			'2026-03-01T10:00:00.000124Z',
			'2026-03-01T10:00:00.000123Z',
			'2026-03-01T10:00:00.000123Z',
			'2026-03-01T10:00:00.000123Z',
			'2026-02-01T10:00:00.5Z',
			'2026-02-01T10:00:00.5Z',
			'2026-02-01T10:00:00.5Z',
			'2026-01-01T10:00:00Z'
		];
		const shown: { id: string; at: string }[] = [];
		for (const [i, at] of times.entries()) {
			const email = `jonossa.${i}@example.fi`;
			shown.push({ id: await signUpAt(at, email, ev2), at });
			// The same person's earlier registration: only the newest one is listed.
			if (i % 3 === 0) await signUpAt('2025-06-01T00:00:00Z', email, ev1);
		}
		const micros = (at: string) => at.replace(/\.(\d+)Z$/, (_, f: string) => f.padEnd(6, '0'));
		const expected = shown
			.sort((a, b) =>
				micros(a.at) === micros(b.at)
					? a.id.localeCompare(b.id)
					: micros(b.at).localeCompare(micros(a.at))
			)
			.map((row) => row.id);

		let page = await pageOf('');
		expect(page.total).toEqual({ count: 8, more: false });
		expect(page.previous).toBeNull();
		const forwards = [idsOf(page)];
		while (page.next) {
			page = await pageOf(`after=${page.next}`);
			forwards.push(idsOf(page));
		}
		expect(forwards.map((ids) => ids.length)).toEqual([3, 3, 2]);
		expect(forwards.flat()).toEqual(expected);
		expect(page.rows.every((row) => row.registrations === 1 || row.registrations === 2)).toBe(true);

		const backwards = [idsOf(page)];
		while (page.previous) {
			page = await pageOf(`before=${page.previous}`);
			backwards.unshift(idsOf(page));
		}
		expect(backwards).toEqual(forwards);
		expect(page.next).not.toBeNull();

		// A continued page is recorded as one, without any position in it.
		const [last] = await database.db
			.select({ details: auditEvent.details })
			.from(auditEvent)
			.where(eq(auditEvent.action, 'contacts.unlinked_listed'))
			.orderBy(sql`${auditEvent.id} DESC`)
			.limit(1);
		expect(last?.details).toEqual({ continued: true });
	});

	it('shows the first page for a cursor it did not write, and for one past either end', async () => {
		const first = await pageOf('');
		expect(first.rows).toHaveLength(3);
		const id = randomUUID();
		for (const bad of [
			'after=%%%',
			'after=bm90IGpzb24',
			`after=${'A'.repeat(5000)}`,
			`after=${encodeCursor(['virtanen', id])}`,
			`after=${encodeCursor(['2026-01-01T00:00:00.000000Z', id])}`,
			`after=${encodeCursor(['083000000000000000', id])}`,
			`after=${encodeCursor(['08300000000000000', 'not-an-id'])}`,
			`after=${encodeCursor(['08300000000000000', id])}&before=${encodeCursor(['08300000000000000', id])}`
		]) {
			expect(unlinkedCursor(new URLSearchParams(bad)), bad).toBeNull();
			expect(unlinkedCursorQuery(unlinkedCursor(new URLSearchParams(bad)))).toBe('');
			expect(await pageOf(bad), bad).toEqual(first);
		}
		expect(await pageOf(`after=${encodeCursor(['99999999999999999', id])}`)).toEqual(first);
		expect(await pageOf(`before=${encodeCursor(['00000000000000000', id])}`)).toEqual(first);
	});

	it('writes a page cursor back as the same query text, and nothing else', () => {
		const id = randomUUID();
		const token = encodeCursor(['08300000000000000', id]);
		const cursor = unlinkedCursor(new URLSearchParams(`before=${token}&done=x&/link`));
		expect(unlinkedCursorQuery(cursor)).toBe(`before=${token}`);
		expect(unlinkedCursorQuery(null)).toBe('');
	});
});
