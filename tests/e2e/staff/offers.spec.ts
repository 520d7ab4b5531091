import { expect, test } from '../fixtures';
import { tokenOf } from '../pages/manage-page';
import { offerEvent, titleOf, uniqueEmail } from '../support/data';
import { t } from '../support/i18n';
import { manageLink, waitForMail } from '../support/mailbox';

/** The message whose subject is `subject`; waits for `count` messages to the address first. */
async function mailWithSubject(address: string, count: number, subject: string) {
	const mail = (await waitForMail(address, count)).find((m) => m.subject === subject);
	expect(mail, `a message "${subject}" to ${address}`).toBeDefined();
	return mail!;
}

// A waiting-list offer end to end, in Finnish, through real SMTP: the freed seat is held for the
// first person waiting, who accepts it on their manage page. The rules, races and other languages'
// texts are in src/lib/server/offers/index.test.ts.
test('a freed seat is offered to the first waiting, who accepts it on their manage page', async ({
	page,
	eventPage,
	registeredPage,
	managePage,
	cancelPage
}, testInfo) => {
	test.setTimeout(60_000);
	const slug = offerEvent(testInfo.retry);
	const title = titleOf(slug, 'fi');
	const holder = uniqueEmail('offer-seat');
	const waiting = uniqueEmail('offer-wait');

	// One seat: the first takes it, the second waits.
	for (const [email, status] of [
		[holder, 'confirmed'],
		[waiting, 'waitlisted']
	] as const) {
		const signUp = eventPage('fi');
		await signUp.goto(slug);
		await signUp.fill({ firstName: 'Aino', lastName: 'Laine', email });
		await signUp.submit();
		await registeredPage('fi').expectLanded(slug, title, [status]);
	}

	// The seat holder cancels on their manage page.
	const confirmation = await mailWithSubject(
		holder,
		1,
		t('fi', 'mail_confirmed_subject', { title })
	);
	const manage = managePage('fi');
	const holderToken = tokenOf(manageLink(confirmation));
	await manage.goto(holderToken, 'before cancelling');
	await manage.cancelLink(title).click();
	const cancel = cancelPage('fi');
	await cancel.expectShown(title, 'confirmed');
	await cancel.confirm();
	await page.waitForURL((url) => url.search === '?cancelled=1');
	await manage.expectShown('after cancelling');

	// The first waiting is offered the seat with a deadline, and answers on the page the link opens.
	const offer = await mailWithSubject(waiting, 2, t('fi', 'mail_offered_subject', { title }));
	expect(offer.attachments).toEqual([]);
	await manage.goto(tokenOf(manageLink(offer)), 'with an open offer');
	const card = manage.registration(title);
	const [held] = t('fi', 'manage_offer_open', { deadline: '§' }).split('§');
	await expect(card.getByText(held!)).toBeVisible();
	await expect(card.getByRole('button', { name: t('fi', 'manage_offer_decline') })).toBeVisible();
	await card.getByRole('button', { name: t('fi', 'manage_offer_accept'), exact: true }).click();
	await page.waitForURL((url) => url.search === '?offer=accepted');
	await manage.expectShown('after accepting');
	await expect(
		page.getByRole('status').filter({ hasText: t('fi', 'manage_offer_accepted') })
	).toBeVisible();
	await manage.expectStatus(title, 'confirmed');
	await expect(card.getByRole('button', { name: t('fi', 'manage_offer_accept') })).toHaveCount(0);

	// The confirmation brings the calendar entry.
	const confirmed = await mailWithSubject(waiting, 3, t('fi', 'mail_confirmed_subject', { title }));
	expect(confirmed.attachments.map((a) => a.filename)).toContain('event.ics');
});
