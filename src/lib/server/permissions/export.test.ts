import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import {
	accessToken,
	auditEvent,
	contactPerson,
	marketingConsentRequest,
	personAlias,
	registration,
	type NewContactPerson,
	type NewMarketingPermission,
	type NewRegistration
} from '../db/schema';
import { makeStaff } from '$tests/attendees';
import { listMayEmail, mayEmailSheet } from './export';
import { csvChunks, xlsxStream } from '../spreadsheet';
import { bytesOf, formulaCells, readSheet, textOf, valuesOf } from '$tests/spreadsheet-reader';
import { listStates, PERMISSION_CURSOR_KINDS } from './list';
import { parseListQuery } from '../list';
import { anyProhibited, deriveState, type LedgerEntry } from './rules';
import { openUnsubscribe } from './unsubscribe';
import { ensureWording } from './wording';
import {
	insertEntries,
	makePeople,
	pick,
	randomEntries,
	seededRandom,
	storable
} from '$tests/permissions';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';

const PEOPLE = 300;
const T0 = Date.UTC(2026, 0, 1);
const context = { origin: ORIGIN, organizer: ORGANIZER };

interface Expected {
	personId: string;
	firstName: string;
	email: string | null;
	entries: LedgerEntry[];
	pendingOnly: boolean;
}

describe.each(DATABASE_KINDS)('the email marketing export on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	const people: Expected[] = [];

	/**
	 * Registrants, contacts and registrants linked to contacts, each with a random sequence of
	 * decisions spread over their keys; some only ever asked for news and never confirmed.
	 */
	beforeAll(async () => {
		database = await openTestDatabase(kind);
		staff = await makeStaff(database.db);
		const db = database.db;
		const random = seededRandom(kind === 'pglite' ? 7 : 11);
		const ev = await makeEvent(db);
		const wordingId = await ensureWording(db, 'news_by_email', 'fi');
		const keys = await makePeople(db, PEOPLE * 2);
		const registrations: NewRegistration[] = [];
		const contacts: NewContactPerson[] = [];
		const aliases: { personId: string; canonicalId: string; reason: 'link' }[] = [];
		const ledger: NewMarketingPermission[] = [];
		const requests: (typeof marketingConsentRequest.$inferInsert)[] = [];

		for (let i = 0; i < PEOPLE; i++) {
			const own = keys[2 * i]!;
			const shape = pick(random, ['registrant', 'registrant', 'contact', 'linked'] as const);
			const registrant = (first: string, key: string, at: number) => {
				const email = `r${i}.${at}@example.fi`;
				registrations.push({
					eventId: ev.id,
					personId: key,
					firstName: first,
					lastName: `Henkilö${i}`,
					email,
					emailNormalised: email,
					locale: 'fi',
					status: 'confirmed',
					noticeVersion: 'test',
					purgeAfter: new Date(ev.endsAt.getTime() + 86_400_000),
					createdAt: new Date(T0 + at * 1000)
				});
				return email;
			};
			let expected: Pick<Expected, 'personId' | 'firstName' | 'email'>;
			let ledgerKeys = [own];
			if (shape === 'registrant') {
				registrant(`Vanha${i}`, own, 1);
				const email = registrant(`Uusi${i}`, own, 2);
				expected = { personId: own, firstName: `Uusi${i}`, email };
			} else {
				const email = random() < 0.15 ? null : `c${i}@yritys.fi`;
				contacts.push({
					personId: own,
					firstName: `Kontakti${i}`,
					lastName: `Henkilö${i}`,
					email,
					emailNormalised: email,
					source: 'manual',
					basis: 'customer_relationship'
				});
				expected = { personId: own, firstName: `Kontakti${i}`, email };
				if (shape === 'linked') {
					const registrantKey = keys[2 * i + 1]!;
					const registered = registrant(`Rekisteröity${i}`, registrantKey, 3);
					aliases.push({ personId: registrantKey, canonicalId: own, reason: 'link' });
					ledgerKeys = [own, registrantKey];
					expected.email ??= registered;
				}
			}
			const entries = randomEntries(random, T0);
			for (const entry of entries) ledger.push(storable(entry, pick(random, ledgerKeys)));
			const pendingOnly = entries.length === 0 && random() < 0.5;
			if (pendingOnly || random() < 0.1) {
				requests.push({
					personId: pick(random, ledgerKeys),
					channel: 'email',
					wordingId,
					tokenHash: `pending-${kind}-${i}`,
					email: `pending.${i}@example.fi`,
					locale: 'fi',
					expiresAt: new Date(Date.now() + 7 * 86_400_000)
				});
			}
			// What the database will hold: a work-role grant always carries its justification.
			const held = entries.map((e) => ({ ...e, note: storable(e, own).note ?? null }));
			people.push({ ...expected, entries: held, pendingOnly });
		}
		for (let i = 0; i < registrations.length; i += 500) {
			await db.insert(registration).values(registrations.slice(i, i + 500));
		}
		await db.insert(contactPerson).values(contacts);
		if (aliases.length > 0) await db.insert(personAlias).values(aliases);
		await insertEntries(db, ledger);
		await db.insert(marketingConsentRequest).values(requests);
	});
	afterAll(async () => {
		await database?.close();
	});

	function auditOf(action: string) {
		return database.db.select().from(auditEvent).where(eq(auditEvent.action, action));
	}

	it('contains exactly the people whose derived email state allows marketing, and never a prohibited one', async () => {
		const rows = await listMayEmail(database.db, staff, context, {
			format: 'csv',
			separator: ','
		});
		const byPerson = new Map(people.map((p) => [p.personId, p]));
		const expected = people.filter((p) => p.email && deriveState(p.entries).email.mayMarket);
		expect(rows.map((r) => r.personId).sort()).toEqual(expected.map((p) => p.personId).sort());
		expect(expected.length).toBeGreaterThan(5);

		for (const row of rows) {
			const person = byPerson.get(row.personId)!;
			const state = deriveState(person.entries);
			expect(state.email.decision).toBe('granted');
			expect(state.email.mayMarket).toBe(true);
			expect(person.pendingOnly).toBe(false);
			expect(row).toMatchObject({ firstName: person.firstName, email: person.email });
			expect(row.unsubscribeUrl).toMatch(new RegExp(`^${ORIGIN}/unsubscribe/[a-z0-9]+$`));
		}
		const prohibited = people.filter((p) => deriveState(p.entries).email.decision === 'prohibited');
		expect(prohibited.length).toBeGreaterThan(5);
		const exported = new Set(rows.map((r) => r.personId));
		for (const p of prohibited) expect(exported.has(p.personId)).toBe(false);
		for (const p of people.filter((q) => q.pendingOnly))
			expect(exported.has(p.personId)).toBe(false);

		const audits = await auditOf('permissions.exported');
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({
			actorId: staff.id,
			count: rows.length,
			details: { channel: 'email', format: 'csv', separator: ',' }
		});

		// The file: one row a person, every cell text, nothing a spreadsheet would run.
		const labels = {
			sheet: 'Email marketing',
			firstName: 'First name',
			lastName: 'Last name',
			email: 'Email',
			organisation: 'Organisation',
			unsubscribeUrl: 'Unsubscribe link'
		};
		const csv = await textOf(csvChunks(mayEmailSheet(rows, labels), ','));
		const xlsx = await bytesOf(xlsxStream(mayEmailSheet(rows, labels)));
		for (const read of [
			readSheet(new TextEncoder().encode(csv), { separator: ',' }),
			readSheet(xlsx)
		]) {
			expect(formulaCells(read)).toEqual([]);
			expect(valuesOf(read)).toEqual([
				Object.values(labels).slice(1),
				...rows.map((row) => [
					row.firstName,
					row.lastName,
					row.email,
					row.organisation,
					row.unsubscribeUrl
				])
			]);
		}

		const tokens = await database.db
			.select()
			.from(accessToken)
			.where(eq(accessToken.purpose, 'unsubscribe'));
		expect(tokens).toHaveLength(rows.length);
		const sample = rows[0]!;
		const opened = await openUnsubscribe(database.db, sample.unsubscribeUrl.split('/').at(-1)!);
		expect(opened).toMatchObject({ personId: sample.personId });
		expect(opened!.state.email.mayMarket).toBe(true);
	});

	it('lists one row per person with the state of every channel, by filter and page', async () => {
		const all = await listStates(database.db, staff, { filter: 'all' });
		expect(all.total).toEqual({ count: PEOPLE, more: false });
		expect(all.rows).toHaveLength(50);

		const count = (test: (p: Expected) => boolean) => people.filter(test).length;
		const mayEmail = await listStates(database.db, staff, { filter: 'may_email' });
		expect(mayEmail.total.count).toBe(count((p) => deriveState(p.entries).email.mayMarket));
		const prohibited = await listStates(database.db, staff, { filter: 'prohibited' });
		expect(prohibited.total.count).toBe(count((p) => anyProhibited(deriveState(p.entries))));
		expect(prohibited.rows.length).toBeGreaterThan(0);
		expect(prohibited.rows.every((r) => anyProhibited(r.state))).toBe(true);
		const notAsked = await listStates(database.db, staff, { filter: 'not_asked' });
		expect(notAsked.total.count).toBe(count((p) => p.entries.length === 0));
		expect(notAsked.rows.length).toBeGreaterThan(0);
		expect(notAsked.rows.every((r) => !r.asked && r.state.email.decision === 'not_asked')).toBe(
			true
		);

		const target = people[42]!;
		const found = await listStates(database.db, staff, { q: target.firstName.toLowerCase() });
		expect(found.rows.map((r) => r.personId)).toEqual([target.personId]);
		expect(found.rows[0]!.state).toEqual(deriveState(target.entries));

		const listed = await auditOf('permissions.listed');
		expect(listed).toHaveLength(5);
		expect(JSON.stringify(listed.map((a) => a.details))).not.toContain(target.firstName);
		// Keyset pages forwards reach everyone once, and back again to the first.
		const cursor = (direction: 'after' | 'before', token: string | null) =>
			parseListQuery(new URLSearchParams({ [direction]: token! }), {}, PERMISSION_CURSOR_KINDS)
				.cursor;
		let page = all;
		const seen = [...all.rows.map((r) => r.personId)];
		while (page.next) {
			page = await listStates(database.db, staff, { cursor: cursor('after', page.next) });
			seen.push(...page.rows.map((r) => r.personId));
		}
		expect(new Set(seen).size).toBe(PEOPLE);
		expect(seen).toHaveLength(PEOPLE);
		while (page.previous) {
			page = await listStates(database.db, staff, { cursor: cursor('before', page.previous) });
		}
		expect(page.rows.map((r) => r.personId)).toEqual(all.rows.map((r) => r.personId));
	});
});
