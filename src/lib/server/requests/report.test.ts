import { describe, expect, it } from 'vitest';
import { openStaffScene } from '$tests/scene';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { checkIn, emailOutbox, registration } from '../db/schema';
import { ticketHashFor } from '../tickets/code';
import { createContactFromRegistration } from '../contacts/linking';
import { recordDecision, requestEmailConsent } from '../permissions';
import {
	buildAccessReport,
	confirmVerification,
	createRequest,
	findPersonData,
	getRequest,
	recordIdentityCheck,
	reportText,
	sendAccessReport,
	sendVerification
} from '.';
import { latestVerificationToken } from '$tests/requests';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import * as fixtures from '$tests/contacts-fixtures';

const CONTEXT = {
	origin: ORIGIN,
	organizer: ORGANIZER,
	controller: {
		name: ORGANIZER.name,
		address: 'Pollenkuja 6, 20380 Turku',
		email: ORGANIZER.email,
		phone: '044 556 7887'
	}
};

describe.each(DATABASE_KINDS)('the access report on %s', (kind) => {
	let db: Db;
	let admin: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff: admin } = scene), 'admin');

	const signUp = async (data: Parameters<typeof makeSignup>[0], newsByEmail = false) =>
		fixtures.signUp(
			db,
			await makeEvent(db, { phonePolicy: 'optional', addressPolicy: 'optional' }),
			data,
			{ askNewsConsent: newsByEmail ? requestEmailConsent : undefined, ...CONTEXT }
		);

	it('holds every part: registrations, contact, organisation, ledger, consent requests, requests, trail', async () => {
		const person = { firstName: 'Raili', lastName: 'Raportti', email: 'raili@kuljetus.fi' };
		const first = await signUp(
			{ ...person, city: 'Turku', street: 'Satama 1', postalCode: '20100' },
			true
		);
		await signUp(person);
		const org = await fixtures.makeOrganisation(db, {
			name: 'Raportti Kuljetus Oy',
			businessId: '1234567-1'
		});
		const contact = await createContactFromRegistration(db, admin, {
			registrationId: first.id,
			organisationId: org.id,
			title: 'Logistiikkapäällikkö',
			basis: 'customer_relationship'
		});
		expect(contact.ok).toBe(true);
		await recordDecision(db, {
			personId: first.personId,
			channel: 'phone',
			decision: 'withdrawn',
			source: 'staff',
			note: 'asked not to be called',
			recordedBy: { kind: 'staff', id: admin.id }
		});
		const created = await createRequest(db, admin, {
			kind: 'access',
			channel: 'letter',
			email: person.email,
			locale: 'fi'
		});
		if (!created.ok) throw new Error(created.error);

		const report = await buildAccessReport(db, created.id, CONTEXT);
		expect(report).not.toBeNull();
		expect(report!.registrations).toHaveLength(2);
		expect(report!.registrations.find((r) => r.city)).toMatchObject({
			firstName: 'Raili',
			email: person.email,
			street: 'Satama 1'
		});
		expect(report!.contacts).toEqual([
			expect.objectContaining({
				title: 'Logistiikkapäällikkö',
				organisation: { name: 'Raportti Kuljetus Oy', businessId: '1234567-1' },
				legalBasis: 'customer_relationship',
				state: 'active'
			})
		]);
		expect(report!.organisations).toEqual([
			expect.objectContaining({ name: 'Raportti Kuljetus Oy', asContactPerson: true })
		]);
		expect(report!.marketing.current.phone).toMatchObject({ decision: 'withdrawn' });
		expect(report!.marketing.history).toEqual([
			expect.objectContaining({
				channel: 'phone',
				note: 'asked not to be called',
				recordedBy: 'staff'
			})
		]);
		expect(report!.consentRequests).toEqual([
			expect.objectContaining({ channel: 'email', email: person.email, confirmedAt: null })
		]);
		expect(report!.requests).toEqual([
			expect.objectContaining({ kind: 'access', status: 'received' })
		]);
		const actions = report!.activity.map((a) => a.action);
		expect(actions).toEqual(
			expect.arrayContaining([
				'contact.created_from_registration',
				'marketing.decision_recorded',
				'marketing.consent_requested',
				'request.created'
			])
		);
		expect(report!.activeLinks).toBeGreaterThanOrEqual(2);
		expect(report!.privacyNotice.url).toBe(`${ORIGIN}/privacy`);
		// No staff names in the report: the trail says what was done, not by whom.
		expect(JSON.stringify(report)).not.toMatch(/Staff \d/);

		const text = reportText(report!, 'fi');
		for (const part of [
			'Raili Raportti',
			'Raportti Kuljetus Oy',
			'Satama 1',
			'asked not to be called'
		]) {
			expect(text).toContain(part);
		}

		// The email only goes out once verified, and only to the address verified.
		expect(await sendAccessReport(db, admin, created.id, CONTEXT)).toEqual({
			ok: false,
			reason: 'not_verified'
		});
		await sendVerification(db, admin, created.id, CONTEXT);
		await confirmVerification(db, await latestVerificationToken(db));
		expect(await sendAccessReport(db, admin, created.id, CONTEXT)).toEqual({
			ok: true,
			to: person.email
		});
		const [mail] = await db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.template, 'request.report'))
			.orderBy(desc(emailOutbox.id))
			.limit(1);
		expect(mail?.message?.to).toBe(person.email);
		const attached = JSON.parse(mail!.message!.attachments[0]!.content);
		expect(attached.registrations).toHaveLength(2);
		expect(await getRequest(db, created.id)).toMatchObject({ status: 'completed' });
	});

	it('shows each check-in at the door and the ticket as held, without who or which device', async () => {
		const reg = await signUp({ firstName: 'Olli', lastName: 'Ovella', email: 'olli@ovi.fi' });
		const hash = ticketHashFor(reg.id, 1);
		await db.update(registration).set({ ticketHash: hash }).where(eq(registration.id, reg.id));
		const at = new Date('2026-11-10T08:05:00.000Z');
		const later = new Date('2026-11-10T08:07:00.000Z');
		const door = { registrationId: reg.id, eventId: reg.eventId, staffUserId: admin.id };
		await db.insert(checkIn).values([
			{ ...door, source: 'offline', outcome: 'duplicate', at: later, deviceId: 'device-b' },
			{ ...door, source: 'scan', outcome: 'accepted', at, deviceId: 'device-a' }
		]);
		const created = await createRequest(db, admin, {
			kind: 'access',
			channel: 'email',
			email: 'olli@ovi.fi',
			locale: 'en'
		});
		if (!created.ok) throw new Error(created.error);
		const report = await buildAccessReport(db, created.id, CONTEXT);
		const [shown] = report!.registrations;
		expect(shown!.ticket).toEqual({ state: 'valid', version: 1, codeSha256: hash });
		expect(shown!.checkIns).toEqual([
			expect.objectContaining({ at: at.toISOString(), source: 'scan', outcome: 'accepted' }),
			expect.objectContaining({ at: later.toISOString(), source: 'offline', outcome: 'duplicate' })
		]);
		expect(JSON.stringify(report)).not.toMatch(/device-[ab]|Staff \d/);
		expect(JSON.stringify(report)).not.toContain(admin.id);
		expect(reportText(report!, 'en')).toMatch(/- .+: already checked in \(door device offline\)/);

		// Cancelled: the old ticket is void, as the scan answers it.
		await db
			.update(registration)
			.set({ status: 'cancelled', ticketHash: null, voidTicketHash: hash, ticketVersion: 2 })
			.where(eq(registration.id, reg.id));
		const again = await buildAccessReport(db, created.id, CONTEXT);
		expect(again!.registrations[0]!.ticket).toEqual({
			state: 'void',
			version: 1,
			codeSha256: hash
		});
	});

	it('finds the person by phone through every key they have had', async () => {
		const reg = await signUp({ firstName: 'Pekka', lastName: 'Puhelin', phone: '040 333 4455' });
		const data = await findPersonData(db, { phone: '+358 40 333 4455' });
		expect(data.registrations.map((r) => r.id)).toEqual([reg.id]);
		expect(data.subjects.personKeys).toEqual([reg.personId]);
	});

	it('answers with an empty report when nothing is held, and keeps the printed one for no-email people', async () => {
		const created = await createRequest(db, admin, {
			kind: 'access',
			channel: 'in_person',
			phone: '040 777 8899',
			locale: 'en'
		});
		if (!created.ok) throw new Error(created.error);
		const report = await buildAccessReport(db, created.id, CONTEXT);
		expect(report!.registrations).toEqual([]);
		expect(report!.contacts).toEqual([]);
		await recordIdentityCheck(db, admin, created.id, 'In person, passport seen');
		expect(await sendAccessReport(db, admin, created.id, CONTEXT)).toEqual({
			ok: false,
			reason: 'no_email'
		});
	});
});
