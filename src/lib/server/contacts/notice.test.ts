import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, personAlias } from '../db/schema';
import * as tokens from '../tokens';
import { auditFor, outboxTo } from '$tests/attendees';
import { sendContactNotice } from './notice';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeContact, makeOrganisation, manageTokenIn, signUp } from '$tests/contacts-fixtures';

const context = { origin: ORIGIN, organizer: ORGANIZER };

describe.each(DATABASE_KINDS)('the notice to a new contact on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	it('queues the notice with a person manage link, records it and audits it', async () => {
		const org = await makeOrganisation(db, { name: 'Rahti Oy' });
		const contact = await makeContact(db, {
			title: 'Fleet manager',
			phone: '+358401234567',
			organisationId: org.id,
			source: 'import'
		});
		expect(await sendContactNotice(db, staff, contact.id, context)).toBe('sent');

		const [row, ...more] = await outboxTo(db, contact.email!);
		expect(more).toEqual([]);
		expect(row!.template).toBe('contact.notice');
		const message = row!.message!;
		expect(message.subject).toBe('Tietosi asiakasrekisterissämme');
		for (const part of [message.text, message.html]) {
			expect(part).toContain('Aino Virtanen');
			expect(part).toContain('Rahti Oy');
			expect(part).toContain('Fleet manager');
			expect(part).toContain('+358401234567');
			expect(part).toContain('tietosuoja.fi');
			expect(part).toContain(ORGANIZER.name);
			expect(part).toContain('Asiakassuhde');
			expect(part).toContain('asiakastietojärjestelmästämme');
			expect(part).toContain(`${ORIGIN}/manage/`);
		}
		// No remote images or anything else fetched when the mail is opened.
		expect(message.html).not.toMatch(/<img|src=|url\(/i);

		const token = manageTokenIn(message.text)!;
		const found = await tokens.find(db, token, 'manage');
		expect(found).toMatchObject({
			personId: contact.personId,
			registrationId: null,
			expiresAt: null
		});

		const [after] = await db.select().from(contactPerson).where(eq(contactPerson.id, contact.id));
		expect(after!.noticeSentAt).toBeInstanceOf(Date);
		const [entry] = await auditFor(db, 'contact.notice_sent', contact.id);
		expect(entry).toMatchObject({ actorId: staff.id, subjectType: 'contact' });
		expect(JSON.stringify(entry!.details)).not.toMatch(/@|Aino/);
	});

	it("writes in the language of the person's latest registration", async () => {
		const reg = await signUp(
			db,
			await makeEvent(db),
			{ email: 'english.speaker@example.fi' },
			{ locale: 'en' }
		);
		const contact = await makeContact(db, {
			email: 'work.address@rahti.fi',
			source: 'registration'
		});
		await db
			.insert(personAlias)
			.values({ personId: reg.personId, canonicalId: contact.personId, reason: 'link' });

		expect(await sendContactNotice(db, staff, contact.id, context)).toBe('sent');
		const [row] = await outboxTo(db, 'work.address@rahti.fi');
		expect(row!.message!.subject).toBe('Your details in our customer register');
		expect(row!.message!.text).toContain('from your registration for our event');
		expect(row!.message!.text).toContain(`${ORIGIN}/en/manage/`);
	});

	it('sends nothing to a contact without email, and nothing for an unknown or merged one', async () => {
		const silent = await makeContact(db, { email: null });
		expect(await sendContactNotice(db, staff, silent.id, context)).toBe('no_email');
		const [after] = await db.select().from(contactPerson).where(eq(contactPerson.id, silent.id));
		expect(after!.noticeSentAt).toBeNull();
		expect(await auditFor(db, 'contact.notice_sent', silent.id)).toEqual([]);

		expect(await sendContactNotice(db, staff, crypto.randomUUID(), context)).toBe('not_found');
		expect(await sendContactNotice(db, staff, 'nope', context)).toBe('not_found');

		const survivor = await makeContact(db);
		const merged = await makeContact(db, { mergedIntoId: survivor.id });
		expect(await sendContactNotice(db, staff, merged.id, context)).toBe('not_found');
		expect(await outboxTo(db, merged.email!)).toEqual([]);
	});
});
