import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { GroupSignupData } from '../../schemas/group-signup';
import {
	accessToken,
	emailOutbox,
	event as eventTable,
	registration,
	registrationGroup,
	registrationGroupMember,
	type Event
} from '../db/schema';
import { config } from '../config';
import { requestEmailConsent } from '../permissions';
import * as tokens from '../tokens';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import { openRegistrationScene } from '$tests/registration-fixtures';
import {
	countGroupSignup,
	GROUP_ATTENDEE_MAILS,
	GROUP_BOOKER_MAILS,
	registerGroup
} from './register';

type Row = { firstName: string; lastName?: string; email?: string };
let counter = 0;

/** A group form as posted: the booker's fields, the rows and the two choices. */
function groupForm(rows: Row[], options: Partial<GroupSignupData> = {}): GroupSignupData {
	counter++;
	return {
		...makeSignup({ firstName: 'Bo', lastName: 'Booker', email: `booker.${counter}@example.fi` }),
		newsByEmail: false,
		attendeeFirstName: rows.map((r) => r.firstName),
		attendeeLastName: rows.map((r) => r.lastName ?? 'Driver'),
		attendeeEmail: rows.map((r) => r.email ?? ''),
		attendeePhone: rows.map(() => ''),
		attendeeStreet: rows.map(() => ''),
		attendeePostalCode: rows.map(() => ''),
		attendeeCity: rows.map(() => ''),
		bookerAttends: 'no',
		groupMode: 'fill_then_wait',
		...options
	};
}

describe.each(DATABASE_KINDS)('groups.registerGroup on %s', (kind) => {
	const scene = openRegistrationScene(kind, { maxConnections: 20 });
	const signUpGroup = (ev: Event, data: GroupSignupData, now?: Date) =>
		registerGroup(scene.db, {
			event: ev,
			data,
			locale: 'en',
			now,
			origin: ORIGIN,
			organizer: ORGANIZER,
			askNewsConsent: requestEmailConsent
		});
	const mailsTo = async (email: string) =>
		(await scene.db.select().from(emailOutbox).orderBy(emailOutbox.id)).filter(
			(row) => row.message?.to === email
		);
	const rowsOf = (ev: Event) =>
		scene.db
			.select()
			.from(registration)
			.where(eq(registration.eventId, ev.id))
			.orderBy(asc(registration.firstName));
	const membersOf = (groupId: string) =>
		scene.db
			.select()
			.from(registrationGroupMember)
			.where(eq(registrationGroupMember.groupId, groupId))
			.orderBy(asc(registrationGroupMember.position));
	const twoSeatsLeft = async () => {
		const ev = await makeEvent(scene.db, { capacity: 3 });
		await scene.signUp(ev);
		return ev;
	};
	const three = (tag: string): Row[] => [
		{ firstName: 'Ann', email: `ann.${tag}@example.fi` },
		{ firstName: 'Ben', email: `ben.${tag}@example.fi` },
		{ firstName: 'Cai', email: `cai.${tag}@example.fi` }
	];

	it('all or none: a group of three for two seats stores nothing and says so', async () => {
		const ev = await twoSeatsLeft();
		const data = groupForm(three('aon'), { groupMode: 'all_or_none' });
		const result = await signUpGroup(ev, data);
		expect(result).toEqual({ ok: false, reason: 'noRoom', seatsLeft: 2, people: 3 });
		expect(await rowsOf(ev)).toHaveLength(1);
		const groups = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.eventId, ev.id));
		expect(groups).toHaveLength(0);
		const [after] = await scene.db.select().from(eventTable).where(eq(eventTable.id, ev.id));
		expect(after).toMatchObject({ confirmedCount: 1, waitlistSeq: 0 });
		expect(await mailsTo(data.email)).toHaveLength(0);
		expect(await mailsTo('ann.aon@example.fi')).toHaveLength(0);
	});

	it('fill: seats the first two in order and queues the third', async () => {
		const ev = await twoSeatsLeft();
		const data = groupForm(three('fill'));
		const result = await signUpGroup(ev, data);
		if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
		expect(result.members.map((m) => m.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
		const rows = await rowsOf(ev);
		expect(rows.slice(1).map((r) => [r.firstName, r.status, r.waitlistPosition])).toEqual([
			['Ann', 'confirmed', null],
			['Ben', 'confirmed', null],
			['Cai', 'waitlisted', 1]
		]);
		expect(new Set(rows.map((r) => r.personId)).size).toBe(4);

		const [group] = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.id, result.groupId));
		expect(group).toMatchObject({
			bookerFirstName: 'Bo',
			bookerEmail: data.email,
			bookerAttends: false,
			mode: 'fill_then_wait',
			locale: 'en',
			purgeAfter: rows[1]!.purgeAfter
		});
		const members = await membersOf(result.groupId);
		expect(members.map((m) => [m.position, m.firstName, m.answeredStatus, m.isBooker])).toEqual([
			[1, 'Ann', 'confirmed', false],
			[2, 'Ben', 'confirmed', false],
			[3, 'Cai', 'waitlisted', false]
		]);
		expect(members.map((m) => m.registrationId)).toEqual(rows.slice(1).map((r) => r.id));

		// The booker's mail lists everyone with a status and links the group's page.
		const [bookerMail] = await mailsTo(data.email);
		expect(bookerMail?.template).toBe('group.booker');
		const text = bookerMail!.message!.text;
		expect(text).toContain('1. Ann Driver (ann.fill@example.fi): seat confirmed');
		expect(text).toContain('3. Cai Driver (cai.fill@example.fi): waiting list');
		const token = new RegExp(`${ORIGIN}/en/manage/group/([a-z0-9]+)`).exec(text)?.[1];
		const found = await tokens.find(scene.db, token!, 'group');
		expect(found?.groupId).toBe(result.groupId);
		expect(text).toContain('You did not sign up yourself');
	});

	it('sends each attendee their own confirmation with the Art. 14 notice', async () => {
		const ev = await makeEvent(scene.db, { capacity: 5, phonePolicy: 'optional' });
		const data = groupForm([{ firstName: 'Dan', email: 'dan.notice@example.fi' }], {
			attendeePhone: ['040 123 4567']
		});
		const result = await signUpGroup(ev, data);
		expect(result.ok).toBe(true);
		const [mail] = await mailsTo('dan.notice@example.fi');
		expect(mail?.template).toBe('registration.confirmed');
		const text = mail!.message!.text;
		expect(text).toContain('Bo Booker signed you up for this event');
		expect(text).toContain('- Name: Dan Driver');
		expect(text).toContain('- Email: dan.notice@example.fi');
		expect(text).toContain('- Phone: +358401234567');
		expect(text).toContain('We delete your details 90 days after the event.');
		expect(text).toContain('Complaint: lodge a complaint');
		expect(text).toContain(`${ORIGIN}/en/privacy`);
		// Their own manage link opens their own registration.
		const token = new RegExp(`${ORIGIN}/en/manage/([a-z0-9]+)`).exec(text)?.[1];
		const found = await tokens.find(scene.db, token!, 'manage');
		const [row] = await rowsOf(ev);
		expect(found?.registrationId).toBe(row!.id);
		expect(mail!.message!.attachments.length).toBeGreaterThan(0);
	});

	it('gives an attendee without email a new person, never the booker’s', async () => {
		const ev = await makeEvent(scene.db, { capacity: 5 });
		const data = groupForm([{ firstName: 'Eva' }], { bookerAttends: 'yes' });
		const result = await signUpGroup(ev, data);
		if (!result.ok) throw new Error('expected ok');
		const rows = await rowsOf(ev);
		expect(rows.map((r) => [r.firstName, r.email])).toEqual([
			['Bo', data.email],
			['Eva', null]
		]);
		expect(rows[0]!.personId).not.toBe(rows[1]!.personId);
		const members = await membersOf(result.groupId);
		expect(members.map((m) => [m.position, m.isBooker, m.firstName])).toEqual([
			[1, true, 'Bo'],
			[2, false, 'Eva']
		]);
		const [group] = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.id, result.groupId));
		expect(group?.bookerPersonId).toBe(rows[0]!.personId);
		// The booker attends: their own confirmation (no notice) and the group's mail.
		const templates = (await mailsTo(data.email)).map((m) => m.template).sort();
		expect(templates).toEqual(['group.booker', 'registration.confirmed']);
		const own = (await mailsTo(data.email)).find((m) => m.template === 'registration.confirmed');
		expect(own!.message!.text).not.toContain('signed you up');
	});

	it('never reveals an attendee who was already registered', async () => {
		const ev = await makeEvent(scene.db, { capacity: 1 });
		await scene.signUp(ev, { data: { email: 'early@example.fi' } });
		const data = groupForm([
			{ firstName: 'Fay', email: 'fay@example.fi' },
			{ firstName: 'Early', email: 'EARLY@example.fi' }
		]);
		const result = await signUpGroup(ev, data);
		if (!result.ok) throw new Error('expected ok');
		// The event is full: both are told "waiting list", as a new sign-up would be.
		expect(result.members.map((m) => m.status)).toEqual(['waitlisted', 'waitlisted']);
		const rows = await rowsOf(ev);
		expect(rows.map((r) => r.emailNormalised)).toEqual(['early@example.fi', 'fay@example.fi']);
		const members = await membersOf(result.groupId);
		expect(members[1]).toMatchObject({ registrationId: null, answeredStatus: 'waitlisted' });
		expect((await mailsTo('early@example.fi')).map((m) => m.template)).toEqual([
			'registration.confirmed',
			'registration.already_confirmed'
		]);
		const bookerText = (await mailsTo(data.email))[0]!.message!.text;
		expect(bookerText).toContain('2. Early Driver (EARLY@example.fi): waiting list');
	});

	it('refuses the same email twice, or the attending booker’s, as a field error', async () => {
		const ev = await makeEvent(scene.db, { capacity: 5 });
		const data = groupForm(
			[
				{ firstName: 'Gus', email: 'gus@example.fi' },
				{ firstName: 'Gus2', email: 'GUS@example.fi' }
			],
			{ bookerAttends: 'yes' }
		);
		expect(await signUpGroup(ev, data)).toEqual({
			ok: false,
			reason: 'invalid',
			errors: { 'attendeeEmail[1]': 'duplicateEmail' }
		});
		const booker = groupForm([{ firstName: 'Hal' }], { bookerAttends: 'yes' });
		booker.attendeeEmail = [booker.email.toUpperCase()];
		expect(await signUpGroup(ev, booker)).toMatchObject({
			reason: 'invalid',
			errors: { 'attendeeEmail[0]': 'duplicateEmail' }
		});
		expect(await rowsOf(ev)).toHaveLength(0);
	});

	it('caps the attendee confirmations per address and still registers past the cap', async () => {
		const email = 'capped@example.fi';
		const results = [];
		for (let i = 0; i <= GROUP_ATTENDEE_MAILS.max; i++) {
			const ev = await makeEvent(scene.db, { capacity: 5 });
			results.push(await signUpGroup(ev, groupForm([{ firstName: 'Ida', email }])));
		}
		expect(results.every((r) => r.ok)).toBe(true);
		expect(await mailsTo(email)).toHaveLength(GROUP_ATTENDEE_MAILS.max);
		const rows = await scene.db
			.select()
			.from(registration)
			.where(eq(registration.emailNormalised, email));
		expect(rows).toHaveLength(GROUP_ATTENDEE_MAILS.max + 1);
		const tokensOf = await scene.db
			.select()
			.from(accessToken)
			.where(eq(accessToken.registrationId, rows.at(-1)!.id));
		expect(tokensOf).toHaveLength(0);
	});

	it('caps the booker mails per address and still stores the group past the cap', async () => {
		const victim = 'booker.victim@example.fi';
		const results = [];
		for (let i = 0; i <= GROUP_BOOKER_MAILS.max; i++) {
			const ev = await makeEvent(scene.db, { capacity: 5 });
			const data = groupForm([{ firstName: 'Noa' }], { email: victim });
			results.push(await signUpGroup(ev, data));
		}
		expect(results.every((r) => r.ok)).toBe(true);
		expect(await mailsTo(victim)).toHaveLength(GROUP_BOOKER_MAILS.max);
		const groups = await scene.db
			.select()
			.from(registrationGroup)
			.where(eq(registrationGroup.bookerEmailNormalised, victim));
		expect(groups).toHaveLength(GROUP_BOOKER_MAILS.max + 1);
	});

	it('counts one sign-up hit per person of the group', async () => {
		const now = new Date('2030-01-01T12:00:00Z');
		// Singles up to five below the limit leave room for a group of five, and not one more.
		const { max } = config().rateLimits.signups;
		const address = '203.0.113.9';
		const first = await countGroupSignup(scene.db, { address, people: max - 5, now });
		expect(first.allowed).toBe(true);
		const group = await countGroupSignup(scene.db, { address, people: 5, now });
		expect(group.allowed).toBe(true);
		const over = await countGroupSignup(scene.db, { address, people: 1, now });
		expect(over.allowed).toBe(false);
	});

	it('refuses a closed event and stores nothing', async () => {
		const ev = await makeEvent(scene.db, { status: 'draft' });
		expect(await signUpGroup(ev, groupForm([{ firstName: 'Jon' }]))).toEqual({
			ok: false,
			reason: 'closed'
		});
		expect(await rowsOf(ev)).toHaveLength(0);
	});

	it.runIf(kind === 'postgres')(
		'never overbooks with groups and single sign-ups at once; all or none stays whole',
		async () => {
			const ev = await makeEvent(scene.db, { capacity: 10 });
			const groups = Array.from({ length: 6 }, (_, g) =>
				signUpGroup(
					ev,
					groupForm(
						Array.from({ length: 3 }, (_, i) => ({
							firstName: `G${g}P${i}`,
							email: `g${g}.p${i}@example.fi`
						})),
						{ groupMode: g % 2 === 0 ? 'all_or_none' : 'fill_then_wait' }
					)
				)
			);
			const singles = Array.from({ length: 8 }, (_, i) =>
				scene.signUp(ev, { data: { email: `single.${i}@example.fi` } })
			);
			const results = await Promise.all([...groups, ...singles]);
			expect(results.every((r) => r.ok || r.reason === 'noRoom')).toBe(true);
			const rows = await rowsOf(ev);
			const confirmed = rows.filter((r) => r.status === 'confirmed');
			expect(confirmed.length).toBeLessThanOrEqual(10);
			const [after] = await scene.db.select().from(eventTable).where(eq(eventTable.id, ev.id));
			expect(after!.confirmedCount).toBe(confirmed.length);
			const positions = rows
				.filter((r) => r.status === 'waitlisted')
				.map((r) => r.waitlistPosition!)
				.sort((a, b) => a - b);
			expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
			// An all-or-none group is all confirmed or absent.
			for (let g = 0; g < 6; g += 2) {
				const mine = rows.filter((r) => r.firstName.startsWith(`G${g}P`));
				expect([0, 3]).toContain(mine.length);
				expect(mine.every((r) => r.status === 'confirmed')).toBe(true);
			}
		}
	);
});
