import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { marketingPermission, wording } from '../db/schema';
import { auditFor } from '$tests/attendees';
import { linkRegistration } from '../contacts/linking';
import { historyOf, recordDecision, stateOf } from './ledger';
import { ensureWording } from './wording';
import { makeContact, makePeople, makeRegistrant } from '$tests/permissions';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';

describe.each(DATABASE_KINDS)('the marketing permission ledger on %s', (kind) => {
	let database: Database;
	let staff: { id: string; displayName: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	const byStaff = () => ({ kind: 'staff' as const, id: staff.id });

	async function newPerson() {
		return (await makePeople(database.db, 1))[0]!;
	}

	it('refuses UPDATE, DELETE and TRUNCATE, except inside a marked maintenance transaction', async () => {
		const personId = await newPerson();
		const result = await recordDecision(database.db, {
			personId,
			channel: 'email',
			decision: 'prohibited',
			source: 'manage',
			recordedBy: { kind: 'person' }
		});
		expect(result.ok).toBe(true);
		const rowOf = eq(marketingPermission.personId, personId);
		const db = database.db;
		await expect(
			db.update(marketingPermission).set({ decision: 'granted' }).where(rowOf)
		).rejects.toThrow();
		await expect(db.delete(marketingPermission).where(rowOf)).rejects.toThrow();
		await expect(db.execute(sql`TRUNCATE marketing_permission`)).rejects.toThrow();
		const [kept] = await db.select().from(marketingPermission).where(rowOf);
		expect(kept?.decision).toBe('prohibited');
		await ensureWording(db, 'news_by_email', 'en');
		await expect(db.update(wording).set({ text: 'rewritten' })).rejects.toThrow();
		await expect(db.delete(wording)).rejects.toThrow();

		// Erasure may change it, inside its own marked transaction only.
		await db.transaction(async (tx) => {
			await tx.execute(sql`SET LOCAL ilmo.maintenance = 'erase'`);
			await tx.update(marketingPermission).set({ note: 'erased' }).where(rowOf);
			await tx.delete(marketingPermission).where(rowOf);
		});
		expect(await db.select().from(marketingPermission).where(rowOf)).toHaveLength(0);
		await recordDecision(db, {
			personId,
			channel: 'all',
			decision: 'prohibited',
			source: 'manage',
			recordedBy: { kind: 'person' }
		});
		// A restore may empty the table; rolled back here, so the row stays for the last check.
		let leftInside = -1;
		await db
			.transaction(async (tx) => {
				await tx.execute(sql`SET LOCAL ilmo.maintenance = 'restore'`);
				await tx.execute(sql`TRUNCATE marketing_permission`);
				leftInside = (await tx.select().from(marketingPermission)).length;
				tx.rollback();
			})
			.catch(() => {});
		expect(leftInside).toBe(0);
		expect(await db.select().from(marketingPermission).where(rowOf)).toHaveLength(1);
		// The mark ends with its transaction.
		await expect(db.delete(marketingPermission).where(rowOf)).rejects.toThrow();
	});

	it('asks staff for a note, a work-role grant for a justification, and a grant for a channel', async () => {
		const personId = await newPerson();
		const base = { personId, channel: 'email' as const, recordedBy: byStaff() };
		expect(
			await recordDecision(database.db, {
				...base,
				decision: 'granted',
				source: 'staff',
				note: ' '
			})
		).toEqual({ ok: false, reason: 'note_required' });
		expect(
			await recordDecision(database.db, {
				...base,
				decision: 'granted',
				basis: 'work_role',
				source: 'import'
			})
		).toEqual({ ok: false, reason: 'justification_required' });
		expect(
			await recordDecision(database.db, {
				...base,
				channel: 'all',
				decision: 'granted',
				source: 'staff',
				note: 'said yes to everything'
			})
		).toEqual({ ok: false, reason: 'channel_required' });
		expect(await historyOf(database.db, personId)).toEqual([]);

		const granted = await recordDecision(database.db, {
			...base,
			decision: 'granted',
			basis: 'work_role',
			source: 'staff',
			note: 'Fleet manager; the offers concern the trucks she buys'
		});
		expect(granted.ok).toBe(true);
		expect((await stateOf(database.db, personId)).email).toMatchObject({
			decision: 'granted',
			basis: 'work_role',
			source: 'staff',
			mayMarket: true
		});
		const [auditRow] = await auditFor(database.db, 'marketing.decision_recorded', personId);
		expect(auditRow).toMatchObject({ actorId: staff.id, actorKind: 'staff' });
		expect(auditRow!.details).toEqual({
			channel: 'email',
			decision: 'granted',
			source: 'staff',
			basis: 'work_role'
		});
	});

	it('refuses a staff grant where a prohibition stands, on the channel or on all', async () => {
		const personId = await newPerson();
		await recordDecision(database.db, {
			personId,
			channel: 'all',
			decision: 'prohibited',
			source: 'staff',
			note: 'said on the phone: no marketing at all',
			recordedBy: byStaff()
		});
		for (const channel of ['email', 'sms', 'phone', 'post'] as const) {
			const result = await recordDecision(database.db, {
				personId,
				channel,
				decision: 'granted',
				source: 'staff',
				note: 'asked at the event',
				recordedBy: byStaff()
			});
			expect(result).toEqual({ ok: false, reason: 'prohibited' });
		}
		// Only their own confirmation link may lift it; the manage page grants nothing.
		const viaManage = await recordDecision(database.db, {
			personId,
			channel: 'email',
			decision: 'granted',
			source: 'manage',
			recordedBy: { kind: 'person' }
		});
		expect(viaManage).toEqual({ ok: false, reason: 'prohibited' });
		const state = await stateOf(database.db, personId);
		expect(Object.values(state).every((s) => s.decision === 'prohibited' && !s.mayMarket)).toBe(
			true
		);
	});

	it('shows a decision made under a registrant key on the contact it is linked to, keeping the key', async () => {
		const ev = await makeEvent(database.db);
		const reg = await makeRegistrant(database.db, ev);
		const contact = await makeContact(database.db);
		const wordingId = await ensureWording(database.db, 'news_by_email', 'fi');
		await recordDecision(database.db, {
			personId: reg.personId,
			channel: 'email',
			decision: 'granted',
			source: 'link',
			wordingId,
			recordedBy: { kind: 'person' }
		});
		expect((await stateOf(database.db, contact.personId)).email.mayMarket).toBe(false);

		const linked = await linkRegistration(database.db, staff, {
			registrationId: reg.id,
			contactId: contact.id
		});
		expect(linked.ok).toBe(true);
		expect((await stateOf(database.db, contact.personId)).email).toMatchObject({
			decision: 'granted',
			mayMarket: true
		});
		await recordDecision(database.db, {
			personId: contact.personId,
			channel: 'phone',
			decision: 'prohibited',
			source: 'staff',
			note: 'asked on the phone not to be called',
			recordedBy: byStaff()
		});

		const history = await historyOf(database.db, reg.personId);
		expect(history.map((h) => [h.personId, h.channel, h.decision])).toEqual([
			[contact.personId, 'phone', 'prohibited'],
			[reg.personId, 'email', 'granted']
		]);
		expect(history[0]).toMatchObject({ staffName: staff.displayName, recordedByPerson: false });
		expect(history[1]).toMatchObject({ staffName: null, recordedByPerson: true });
		expect(history[1]!.wording).toMatchObject({ key: 'news_by_email', locale: 'fi' });
		expect(history[1]!.wording!.text).toContain('Wetteri Trucks Oy');
		// The ledger row still points at the key it was recorded under.
		const rows = await database.db
			.select({ personId: marketingPermission.personId })
			.from(marketingPermission)
			.where(eq(marketingPermission.channel, 'email'));
		expect(rows.map((r) => r.personId)).toContain(reg.personId);
	});
});
