import { desc, eq, inArray } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { asLocale } from '../../locale';
import * as audit from '../audit';
import { config } from '../config';
import type { Db, Tx } from '../db';
import { contactPerson, organisation, registration } from '../db/schema';
import * as mail from '../mail';
import { renderContactNotice } from '../mail/templates/contact-notice';
import { localePath, type MailContext } from '../mail-context';
import * as tokens from '../tokens';
import { personKeysOf, resolvePerson } from '../person/keys';
import { isId } from '../db/ids';

export type NoticeResult = 'sent' | 'no_email' | 'not_found';

/** The language the person last chose when signing up for an event; Finnish when they never did. */
async function localeOf(tx: Tx, personId: string): Promise<Locale> {
	const keys = await personKeysOf(tx, await resolvePerson(tx, personId));
	const [latest] = await tx
		.select({ locale: registration.locale })
		.from(registration)
		.where(inArray(registration.personId, keys))
		.orderBy(desc(registration.createdAt))
		.limit(1);
	return asLocale(latest?.locale);
}

/**
 * Art. 13(3) / 14: tells a person who has become a contact what is held about them and why, with a
 * link (a person manage token, valid until the person is erased) to see it. The mail, the token,
 * `notice_sent_at` and the audit row commit together or not at all.
 */
export async function sendContactNotice(
	db: Db,
	actor: { id: string },
	contactId: string,
	context: MailContext
): Promise<NoticeResult> {
	if (!isId(contactId)) return 'not_found';
	const result = await db.transaction(async (tx): Promise<NoticeResult> => {
		// Locked, so a double click queues behind the first and both are recorded honestly.
		const [contact] = await tx
			.select()
			.from(contactPerson)
			.where(eq(contactPerson.id, contactId))
			.for('update');
		// A merged-away record is history; the notice goes from the record that was kept.
		if (!contact || contact.mergedIntoId) return 'not_found';
		if (!contact.email?.trim()) return 'no_email';

		const [org] = contact.organisationId
			? await tx
					.select({ name: organisation.name })
					.from(organisation)
					.where(eq(organisation.id, contact.organisationId))
			: [];
		const locale = await localeOf(tx, contact.personId);
		const token = await tokens.mint(tx, { purpose: 'manage', personId: contact.personId });
		const { controller } = config();
		await mail.enqueue(
			tx,
			'contact.notice',
			renderContactNotice({
				locale,
				to: contact.email,
				firstName: contact.firstName,
				held: {
					name: `${contact.firstName} ${contact.lastName}`,
					email: contact.email,
					phone: contact.phone,
					title: contact.title,
					organisationName: org?.name ?? null
				},
				basis: contact.basis,
				source: contact.source,
				controller: {
					name: context.organizer.name,
					address: controller.address,
					email: context.organizer.email,
					phone: controller.phone
				},
				manageUrl: context.origin + localePath(locale, `/manage/${token}`)
			})
		);
		await tx
			.update(contactPerson)
			.set({ noticeSentAt: new Date() })
			.where(eq(contactPerson.id, contact.id));
		await audit.record(tx, {
			action: 'contact.notice_sent',
			actor: { kind: 'staff', id: actor.id },
			subject: { type: 'contact', id: contact.id },
			details: { locale }
		});
		return 'sent';
	});
	if (result === 'sent') mail.wake();
	return result;
}
