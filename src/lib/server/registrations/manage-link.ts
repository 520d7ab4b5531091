import { desc, eq } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import type { Db } from '../db';
import { registration } from '../db/schema';
import * as mail from '../mail';
import { localePath, type MailContext } from '../mail-context';
import { renderManageLinkMail } from '../mail/templates/manage-link';
import { normaliseEmail } from '../person/email';
import * as tokens from '../tokens';

/**
 * How many people's links one client address may ask for, against one person's share
 * (ILMO_RATE_LIMIT_LINKS): a haulage office or a stand tablet behind one address asks for several.
 */
export const CLIENT_SHARE = 4;

export interface ManageLinkRequest {
	/** As typed on the form; matched by its normalised form like every sign-up. */
	email: string;
	/** The language of the page it was asked on: the mail and the link's page are in it. */
	locale: Locale;
	context: MailContext;
}

/**
 * "Send me my link again": queues a fresh manage link to the address when a registration is still
 * held for it, active or past (an anonymised one has no address left, so it is not found). One
 * token on the newest registration is enough: a manage page shows everything held for its email.
 * Queued through the outbox, never sent here, so a request takes about as long whether or not
 * anything is held; the caller answers the same either way and must not show the result.
 */
export async function sendManageLink(db: Db, request: ManageLinkRequest): Promise<boolean> {
	const [newest] = await db
		.select({
			id: registration.id,
			personId: registration.personId,
			email: registration.email,
			firstName: registration.firstName
		})
		.from(registration)
		.where(eq(registration.emailNormalised, normaliseEmail(request.email)))
		.orderBy(desc(registration.createdAt))
		.limit(1);
	if (!newest?.email) return false;
	const to = newest.email;
	await db.transaction(async (tx) => {
		const token = await tokens.mint(tx, {
			purpose: 'manage',
			personId: newest.personId,
			registrationId: newest.id
		});
		await mail.enqueue(
			tx,
			'manage.link',
			renderManageLinkMail({
				locale: request.locale,
				// The address on record, not the one typed: only a held mailbox ever gets a link.
				to,
				firstName: newest.firstName,
				manageUrl: request.context.origin + localePath(request.locale, `/manage/${token}`)
			})
		);
	});
	return true;
}
