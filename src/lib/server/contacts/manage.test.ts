import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { personAlias } from '../db/schema';
import { cancelOwn, openManage } from '../registrations';
import * as tokens from '../tokens';
import { outboxTo } from '$tests/attendees';
import { exportContactData, openContactManage, presentContactView } from './manage';
import { mergeContacts } from './merge';
import { sendContactNotice } from './notice';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeContact, makeOrganisation, manageTokenIn, signUp } from '$tests/contacts-fixtures';

const context = { origin: ORIGIN, organizer: ORGANIZER };

describe.each(DATABASE_KINDS)("a contact's own page on %s", (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	const registrationToken = async (email: string) =>
		manageTokenIn((await outboxTo(db, email)).at(-1)?.message?.text ?? '')!;

	it("opens the contact record, the survivor's merged history and every active registration", async () => {
		const org = await makeOrganisation(db, { name: 'Rahti Oy' });
		const a = await makeEvent(db);
		const b = await makeEvent(db);
		const c = await makeEvent(db);
		// Registrations under the contact's own key (it was made from one), under a linked
		// registrant's key and under a merged duplicate's key.
		const own = await signUp(db, a, { email: 'own.key@rahti.fi' });
		const contact = await makeContact(db, {
			personId: own.personId,
			email: 'own.key@rahti.fi',
			organisationId: org.id,
			title: 'Purchaser',
			source: 'registration',
			basis: 'legitimate_interest',
			fromRegistrationId: own.id
		});
		const linked = await signUp(db, b, { email: 'private.address@example.fi' });
		await db
			.insert(personAlias)
			.values({ personId: linked.personId, canonicalId: contact.personId, reason: 'link' });
		const duplicate = await makeContact(db, { email: 'old.address@rahti.fi' });
		const viaDuplicate = await signUp(db, c, { email: 'via.duplicate@example.fi' });
		await db
			.insert(personAlias)
			.values({ personId: viaDuplicate.personId, canonicalId: duplicate.personId, reason: 'link' });
		const cancelled = await signUp(db, await makeEvent(db), {
			email: 'private.address@example.fi'
		});
		const cancelView = (await openManage(
			db,
			await registrationToken('private.address@example.fi')
		))!;
		expect((await cancelOwn(db, cancelView, cancelled.id, context)).ok).toBe(true);
		expect(
			(
				await mergeContacts(db, staff, {
					survivorId: contact.id,
					duplicateId: duplicate.id,
					choices: {}
				})
			).ok
		).toBe(true);

		// The notice was sent from the duplicate before the merge: its link still opens the person.
		const token = await tokens.mint(db, { purpose: 'manage', personId: duplicate.personId });
		const view = await openContactManage(db, token);
		expect(view?.personId).toBe(contact.personId);
		expect(view!.contacts.map((x) => [x.id, x.state])).toEqual([
			[contact.id, 'active'],
			[duplicate.id, 'merged']
		]);
		expect(view!.contacts[0]).toMatchObject({
			email: 'own.key@rahti.fi',
			title: 'Purchaser',
			organisationName: 'Rahti Oy',
			basis: 'legitimate_interest',
			source: 'registration'
		});
		expect(view!.registrations.map((r) => r.registration.id).sort()).toEqual(
			[own.id, linked.id, viaDuplicate.id].sort()
		);

		const shown = presentContactView(view!, 'en');
		expect(shown.contacts[0]).toMatchObject({
			name: 'Aino Virtanen',
			organisation: 'Rahti Oy',
			state: 'active'
		});
		expect(shown.contacts[0]!.basis).toMatch(/^Legitimate interest/);
		expect(shown.contacts[0]!.source).toMatch(/registration for our event/);
		expect(shown.registrations).toHaveLength(3);

		const data = await exportContactData(db, view!);
		expect(data.contacts.map((x) => x.email)).toEqual(['own.key@rahti.fi', 'old.address@rahti.fi']);
		expect(data.contacts[0]).toMatchObject({
			organisation: 'Rahti Oy',
			legalBasis: 'legitimate_interest'
		});
		// The download holds everything, the cancelled registration too.
		expect(data.registrations.map((r) => r.status).sort()).toEqual([
			'cancelled',
			'confirmed',
			'confirmed',
			'confirmed'
		]);
	});

	it("opens from the notice's own link", async () => {
		const contact = await makeContact(db, { source: 'import', basis: 'customer_relationship' });
		expect(await sendContactNotice(db, staff, contact.id, context)).toBe('sent');
		const text = (await outboxTo(db, contact.email!))[0]!.message!.text;
		const view = await openContactManage(db, manageTokenIn(text)!);
		expect(view?.contacts.map((x) => x.id)).toEqual([contact.id]);
		expect(view?.registrations).toEqual([]);
	});

	it("opens nothing for an unknown token, a registration's token or another purpose", async () => {
		const contact = await makeContact(db);
		expect(await openContactManage(db, 'a'.repeat(32))).toBeNull();
		expect(await openContactManage(db, '')).toBeNull();
		const consent = await tokens.mint(db, { purpose: 'consent', personId: contact.personId });
		expect(await openContactManage(db, consent)).toBeNull();
		const expired = await tokens.mint(db, {
			purpose: 'manage',
			personId: contact.personId,
			expiresAt: new Date(Date.now() - 1000)
		});
		expect(await openContactManage(db, expired)).toBeNull();

		const reg = await signUp(db, await makeEvent(db), { email: 'registrant.only@example.fi' });
		const registrationOwn = await registrationToken('registrant.only@example.fi');
		expect(await openContactManage(db, registrationOwn)).toBeNull();
		// …and the registration page still opens its own token, not a person one.
		expect((await openManage(db, registrationOwn))?.registrationId).toBe(reg.id);
		const personToken = await tokens.mint(db, { purpose: 'manage', personId: contact.personId });
		expect(await openManage(db, personToken)).toBeNull();
	});
});
