import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows';
import type { Db } from '../db';
import {
	accessToken,
	registration,
	registrationGroup,
	registrationGroupMember
} from '../db/schema';
import { findGroupByToken } from '../groups/manage';
import {
	accessReport,
	confirmVerification,
	createRequest,
	erasePerson,
	ERASED_FIRST_NAME,
	findPersonData,
	holdsAnything,
	reapplyErasureJournal,
	sendVerification
} from '.';
import { reportText } from './report-text';
import { ADMIN_PASSWORD, findInClear, latestVerificationToken, makeAdmin } from '$tests/requests';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeGroup } from '$tests/groups';
import { openRegistrationScene } from '$tests/registration-fixtures';

const CONTEXT = { origin: ORIGIN, organizer: ORGANIZER };
const REPORT_CONTEXT = {
	controller: { name: 'Wetteri', address: 'Turku', email: 'a@example.fi', phone: '+358' },
	origin: ORIGIN
};

/** The tables a restore brings back here, parents first. */
const RESTORED = [
	'person',
	'organisation',
	'registration',
	'check_in',
	'event_reminder',
	'event_message',
	'reminder_delivery',
	'event_message_recipient',
	'contact_person',
	'person_alias',
	'registrant_dismissal',
	'marketing_permission',
	'marketing_consent_request',
	'registration_group',
	'registration_group_member',
	'access_token',
	'data_subject_request',
	'email_outbox',
	'audit_event',
	'marketing_suppression'
];

async function snapshot(db: Db) {
	const taken = new Map<string, string>();
	for (const table of RESTORED) {
		const [row] = rowsOf<{ data: string }>(
			await db.execute(
				sql`SELECT coalesce(json_agg(t), '[]')::text AS data FROM ${sql.identifier(table)} t`
			)
		);
		taken.set(table, row!.data);
	}
	return taken;
}

async function restore(db: Db, taken: Map<string, string>) {
	return db.transaction(async (tx) => {
		await tx.execute(sql`SET LOCAL ilmo.maintenance = 'restore'`);
		for (const table of [...RESTORED].reverse()) {
			await tx.execute(sql`DELETE FROM ${sql.identifier(table)}`);
		}
		for (const table of RESTORED) {
			await tx.execute(
				sql`INSERT INTO ${sql.identifier(table)} OVERRIDING SYSTEM VALUE
					SELECT * FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${taken.get(table)!}::json)`
			);
		}
		return reapplyErasureJournal(tx);
	});
}

describe.each(DATABASE_KINDS)('a group’s personal data on %s', (kind) => {
	const scene = openRegistrationScene(kind);
	let admin: { id: string };
	beforeAll(async () => {
		admin = await makeAdmin(scene.db);
	});

	async function group(tag: string, bookerAttends = false) {
		const ev = await makeEvent(scene.db);
		const booker = {
			firstName: `Bertil${tag}`,
			lastName: `Bokare${tag}`,
			email: `bertil.${tag}@example.fi`
		};
		const made = await makeGroup(scene, ev, {
			booker,
			bookerAttends,
			attendees: [
				...(bookerAttends ? [booker] : []),
				{ firstName: `Aada${tag}`, lastName: `Ajaja${tag}`, email: `aada.${tag}@example.fi` },
				{ firstName: `Eero${tag}`, lastName: `Ei-postia${tag}` }
			]
		});
		return { ev, booker, made };
	}

	async function erase(email: string) {
		const created = await createRequest(scene.db, admin, {
			kind: 'erasure',
			channel: 'phone',
			email,
			locale: 'fi'
		});
		if (!created.ok) throw new Error(created.error);
		expect(await sendVerification(scene.db, admin, created.id, CONTEXT)).toMatchObject({
			ok: true
		});
		expect(await confirmVerification(scene.db, await latestVerificationToken(scene.db))).toBe(
			'confirmed'
		);
		return erasePerson(scene.db, admin, created.id, { password: ADMIN_PASSWORD });
	}

	const memberRows = (groupId: string) =>
		scene.db
			.select()
			.from(registrationGroupMember)
			.where(eq(registrationGroupMember.groupId, groupId))
			.orderBy(registrationGroupMember.position);

	it('reports the groups a booker made, and to an attendee who registered them', async () => {
		const { booker } = await group('r1');
		const bookerData = await findPersonData(scene.db, { email: booker.email });
		expect(holdsAnything(bookerData)).toBe(true);
		const bookerReport = accessReport(bookerData, null, REPORT_CONTEXT);
		expect(bookerReport.groupsBooked).toHaveLength(1);
		expect(bookerReport.groupsBooked[0]).toMatchObject({
			attends: false,
			mode: 'fill_then_wait',
			booker: { firstName: 'Bertilr1', email: booker.email },
			attendees: [
				{ position: 1, firstName: 'Aadar1', email: 'aada.r1@example.fi' },
				{ position: 2, firstName: 'Eeror1', email: null }
			]
		});
		const bookerText = reportText(bookerReport, 'fi');
		expect(bookerText).toContain('Tekemäsi ryhmäilmoittautumiset');
		expect(bookerText).toContain('- Aadar1 Ajajar1, aada.r1@example.fi');

		const attendee = accessReport(
			await findPersonData(scene.db, { email: 'aada.r1@example.fi' }),
			null,
			REPORT_CONTEXT
		);
		expect(attendee.groupsBooked).toEqual([]);
		expect(attendee.registrations[0]!.registeredBy).toMatchObject({
			registeredBy: 'Bertilr1 Bokarer1'
		});
		expect(reportText(attendee, 'en')).toContain('Registered by: Bertilr1 Bokarer1');
	});

	it('erases a booker: the contact and the group link go, the attendees stay', async () => {
		const { booker, made } = await group('e1');
		const erased = await erase(booker.email);
		expect(erased).toMatchObject({ ok: true });
		expect(await findInClear(scene.db, [booker.firstName, booker.lastName, booker.email])).toEqual(
			[]
		);
		expect(await findGroupByToken(scene.db, made.token)).toBeNull();
		const [kept] = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.id, made.group.id));
		expect(kept).toMatchObject({ bookerFirstName: null, bookerEmail: null });
		expect((await memberRows(made.group.id)).map((m) => m.firstName)).toEqual(['Aadae1', 'Eeroe1']);
		const [attendee] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, made.members[0]!.registrationId!));
		expect(attendee).toMatchObject({ firstName: 'Aadae1', status: 'confirmed' });
	});

	it('erases a booker who attended: their own seat and member row too, not the others', async () => {
		const { booker, made } = await group('e2', true);
		expect(await erase(booker.email)).toMatchObject({ ok: true });
		expect(await findInClear(scene.db, [booker.firstName, booker.lastName, booker.email])).toEqual(
			[]
		);
		const [own] = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.id, made.members[0]!.registrationId!));
		expect(own!.firstName).toBe(ERASED_FIRST_NAME);
		expect((await memberRows(made.group.id)).map((m) => m.firstName)).toEqual([
			null,
			'Aadae2',
			'Eeroe2'
		]);
	});

	it('erases an attendee from every group that names them, and again after a restore', async () => {
		const { made } = await group('e3');
		const email = 'aada.e3@example.fi';
		// A second booker entered her too, when she was already registered: no registration of its own.
		const again = await makeGroup(scene, (await findGroupByToken(scene.db, made.token))!.event, {
			booker: { firstName: 'Toinen', lastName: 'Varaaja', email: 'toinen.e3@example.fi' },
			attendees: [{ firstName: 'Aadae3', lastName: 'Ajajae3', email: 'Aada.E3@example.fi' }]
		});
		expect(again.members[0]!.registrationId).toBeNull();
		const backup = await snapshot(scene.db);

		expect(await erase(email)).toMatchObject({ ok: true });
		const needles = ['Aadae3', 'Ajajae3', email];
		expect(await findInClear(scene.db, needles)).toEqual([]);
		expect((await memberRows(made.group.id)).map((m) => m.firstName)).toEqual([null, 'Eeroe3']);
		expect((await memberRows(again.group.id))[0]).toMatchObject({ firstName: null, email: null });
		// The booker's link still opens the group; the erased attendee is no longer named there.
		expect(await findGroupByToken(scene.db, made.token)).not.toBeNull();

		await restore(scene.db, backup);
		expect(await findInClear(scene.db, needles)).toEqual([]);
		expect(
			await scene.db.select().from(accessToken).where(eq(accessToken.groupId, made.group.id))
		).toHaveLength(1);
	});
});
