import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page, Response } from '@playwright/test';
import { expect, onPglite, test } from '../fixtures';
import { expectFitsPhones, ManageLinkPage, tokenOf, type ManagePage } from '../pages/manage-page';
import {
	LOCALES,
	localePath,
	OPEN_HOUSE,
	smallEvent,
	titleOf,
	uniqueEmail,
	type Locale,
	type SmallEventJourney
} from '../support/data';
import { t } from '../support/i18n';
import { mailTo, manageLink, waitForMail, type StoredMail } from '../support/mailbox';

/** The message whose subject is `subject`; waits for `count` messages to the address first. */
async function mailWithSubject(address: string, count: number, subject: string) {
	const mail = (await waitForMail(address, count)).find((m) => m.subject === subject);
	expect(mail, `a message "${subject}" to ${address}`).toBeDefined();
	return mail!;
}

/** Downloads the JSON export through the page's own link and returns what it holds. */
async function download(page: Page, manage: ManagePage) {
	const [file] = await Promise.all([page.waitForEvent('download'), manage.downloadLink.click()]);
	expect(file.suggestedFilename()).toBe('ilmo-my-data.json');
	return JSON.parse(await readFile(await file.path(), 'utf8')) as {
		registrations: Record<string, unknown>[];
	};
}

const JOURNEYS: {
	journey: SmallEventJourney;
	javaScriptEnabled: boolean;
	/** The seat holder's language, and the waitlisted person's: each journey covers both. */
	holder: Locale;
	waiting: Locale;
}[] = [
	// Swedish where the texts differ: the queue's page and mails, and the other-language view.
	{ journey: 'js', javaScriptEnabled: true, holder: 'fi', waiting: 'sv' },
	{ journey: 'nojs', javaScriptEnabled: false, holder: 'en', waiting: 'fi' }
];

for (const { journey, javaScriptEnabled, holder, waiting } of JOURNEYS) {
	test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled, expectedErrorStatuses: [400] });

		test(`the seat holder corrects their phone and cancels; the waiting list moves up (${holder})${onPglite(javaScriptEnabled)}`, async ({
			eventPage,
			registeredPage,
			managePage,
			cancelPage,
			page,
			request
		}, testInfo) => {
			// Sign-ups, mail, two manage pages and a cancellation, each audited by axe.
			test.setTimeout(2 * 60_000);
			const slug = smallEvent(journey, testInfo.retry);
			const holderTitle = titleOf(slug, holder);
			const waitingTitle = titleOf(slug, waiting);
			const holderEmail = uniqueEmail(`manage-${journey}-seat`);
			const waitingEmail = uniqueEmail(`manage-${journey}-wait`);

			// The event has one seat: the first person takes it, the second joins the waiting list.
			const first = eventPage(holder);
			await first.goto(slug);
			await first.fill({
				firstName: 'Aino',
				lastName: 'Laine',
				email: holderEmail,
				phone: '040 123 4567'
			});
			await first.submit();
			await registeredPage(holder).expectLanded(slug, holderTitle, ['confirmed']);
			const second = eventPage(waiting);
			await second.goto(slug);
			await second.fill({ firstName: 'Oskari', lastName: 'Mäkelä', email: waitingEmail });
			await second.submit();
			await registeredPage(waiting).expectLanded(slug, waitingTitle, ['waitlisted']);

			// The seat holder follows the link in the confirmation that came through SMTP.
			const confirmation = await mailWithSubject(
				holderEmail,
				1,
				t(holder, 'mail_confirmed_subject', { title: holderTitle })
			);
			const link = manageLink(confirmation);
			const token = tokenOf(link);
			const manage = managePage(holder);
			expect(link.pathname).toBe(manage.path(token));
			const opened = await manage.goto(token);
			expect(opened!.status()).toBe(200);
			expect(opened!.headers()['cache-control']).toBe('no-store');
			await expect(page.getByText(holderEmail).first()).toBeVisible();
			await expect(manage.registration(holderTitle)).toHaveCount(1);
			await manage.expectStatus(holderTitle, 'confirmed');
			await expect(manage.fact(holderTitle, 'manage_deleted_after')).toHaveText(/\d{4}/);
			// The seat's ticket: the same code as the confirmation's, beside its QR code.
			const printed = /\b[0-9A-Z]{5}(?: [0-9A-Z]{5}){4} [0-9A-Z]\b/.exec(confirmation.text)?.[0];
			expect(printed, 'the ticket code in the confirmation').toBeTruthy();
			const ticket = manage.registration(holderTitle);
			await expect(ticket.locator('[data-ticket-code]')).toHaveText(printed!);
			await expect(ticket.getByRole('img', { name: t(holder, 'ticket_qr_alt') })).toBeVisible();
			// The form shows the number as people write it, not the stored E.164.
			await expect(manage.field('firstName')).toHaveValue('Aino');
			await expect(manage.field('phone')).toHaveValue('040 123 4567');
			// A phone fits the page: the card's labels stack above their values.
			await expectFitsPhones(page, 'with a registration');

			// Marketing: the state is shown, the withdraw and forbid choices wait behind one disclosure.
			await expect(manage.marketingSummary).toHaveText(t(holder, 'manage_marketing_manage'));
			const forbidEmail = manage.marketingButton('manage_marketing_prohibit_email');
			await expect(forbidEmail).toBeHidden();
			await manage.marketingSummary.click();
			await expect(forbidEmail).toBeVisible();
			await expect(manage.marketingButton('manage_marketing_prohibit_all')).toBeVisible();

			// An empty first name is refused, on its field, and nothing is saved.
			await manage.fill({ firstName: '' });
			const refused = await manage.save();
			if (!javaScriptEnabled) expect(refused!.status()).toBe(400);
			await expect(manage.errorSummary).toBeVisible();
			await manage.expectFieldError('firstName', 'required');
			await manage.expectFieldValid('phone');
			await expect(manage.savedNotice).toHaveCount(0);
			await manage.expectShown('details refused: empty first name');

			// The wrong phone number is corrected.
			await manage.fill({ firstName: 'Aino', phone: '050 765 4321' });
			const saved = await manage.save();
			if (!javaScriptEnabled) expect(saved!.status()).toBe(200);
			await expect(manage.savedNotice).toBeVisible();
			await manage.expectFieldValid('firstName');
			await expect(manage.errorSummary).toHaveCount(0);
			await manage.expectShown('details saved');

			// It is stored: a fresh load shows the new number, as written, and the notice is gone.
			await manage.reload(token);
			await expect(manage.field('phone')).toHaveValue('050 765 4321');
			await expect(manage.field('firstName')).toHaveValue('Aino');
			await expect(manage.savedNotice).toHaveCount(0);

			// The download holds the registration with the corrected number.
			const exported = await download(page, manage);
			expect(exported.registrations).toEqual([
				expect.objectContaining({
					status: 'confirmed',
					firstName: 'Aino',
					lastName: 'Laine',
					email: holderEmail,
					phone: '+358507654321',
					event: expect.objectContaining({
						titleFi: titleOf(slug, 'fi'),
						// As stored: the test events have no Swedish title (their pages show the Finnish).
						titleSv: '',
						titleEn: titleOf(slug, 'en')
					})
				})
			]);
			const file = await request.get(`${manage.path(token)}/data.json`);
			expect(file.status()).toBe(200);
			expect(file.headers()['content-type']).toMatch(/^application\/json/);
			expect(file.headers()['content-disposition']).toMatch(/^attachment;/);
			expect(file.headers()['cache-control']).toBe('no-store');

			// The same link in the other language shows the same registration, titled in that language.
			const other = managePage(waiting);
			await other.goto(token, 'the other language');
			await other.expectStatus(waitingTitle, 'confirmed');
			await expect(other.field('phone')).toHaveValue('050 765 4321');

			// The waitlisted person's own link shows their place in the queue.
			const waitlisted = await mailWithSubject(
				waitingEmail,
				1,
				t(waiting, 'mail_waitlisted_subject', { title: waitingTitle })
			);
			const theirs = managePage(waiting);
			await theirs.goto(tokenOf(manageLink(waitlisted)), 'on the waiting list');
			await theirs.expectStatus(waitingTitle, 'waitlisted', 1);
			// A place in the queue has no ticket to show at the door.
			await expect(theirs.registration(waitingTitle).locator('[data-ticket-code]')).toHaveCount(0);
			// A place in the queue goes into no calendar: no calendar file on its card.
			await expect(
				theirs.registration(waitingTitle).getByRole('link', { name: t(waiting, 'calendar_add') })
			).toHaveCount(0);
			await expectFitsPhones(page, 'on the waiting list');

			// The seat holder cancels, through the confirmation step.
			await manage.goto(token, 'before cancelling');
			await manage.cancelLink(holderTitle).click();
			const cancel = cancelPage(holder);
			await cancel.expectShown(holderTitle, 'confirmed');
			const answer = await cancel.confirm();
			expect(answer.status()).toBe(303);
			expect(answer.headers()['location']).toBe(manage.path(token, '?cancelled=1'));
			await page.waitForURL(
				(url) => url.pathname + url.search === manage.path(token, '?cancelled=1')
			);
			await manage.expectShown('after cancelling');
			await expect(manage.cancelledNotice).toBeVisible();
			await expect(page.getByText(t(holder, 'manage_no_registrations'))).toBeVisible();
			// The opening line still names the address, with nothing left to take it from.
			await expect(page.getByText(t(holder, 'manage_intro', { email: holderEmail }))).toBeVisible();
			await expect(manage.registration(holderTitle)).toHaveCount(0);
			await expect(manage.details).toHaveCount(0);
			await mailWithSubject(
				holderEmail,
				2,
				t(holder, 'mail_cancelled_subject', { title: holderTitle })
			);

			// The freed seat went to the waiting list, whose first person is told by email.
			const promoted: StoredMail = await mailWithSubject(
				waitingEmail,
				2,
				t(waiting, 'mail_promoted_subject', { title: waitingTitle })
			);
			expect(promoted.text).toContain(t(waiting, 'mail_greeting', { name: 'Oskari' }));
			await theirs.goto(tokenOf(manageLink(promoted)), 'promoted');
			await theirs.expectStatus(waitingTitle, 'confirmed');
		});
	});
}

test.describe('links that open nothing', () => {
	test.use({ expectedErrorStatuses: [404] });

	for (const locale of LOCALES) {
		test(`a wrong or malformed token gets the same 404 page as a missing one (${locale})`, async ({
			page,
			request,
			checkA11y
		}) => {
			const missing = await page.goto(localePath(locale, '/no-such-page'));
			expect(missing!.status()).toBe(404);
			await checkA11y('missing page');
			// What tells one page from another: its status, the headers that vary by route, the text.
			const shown = async (response: Response) => ({
				status: response.status(),
				cacheControl: response.headers()['cache-control'],
				robots: response.headers()['x-robots-tag'],
				contentType: response.headers()['content-type'],
				lang: await page.locator('html').getAttribute('lang'),
				title: await page.title(),
				main: await page.locator('main').innerText()
			});
			const reference = await shown(missing!);
			expect(reference.lang).toBe(locale);
			expect(reference.main).toContain(t(locale, 'not_found_title'));

			// A token of the right shape that was never issued, and things that are not tokens. The
			// shapes are one check on the route, not on a language: the other languages try one.
			const wrong = randomBytes(20).toString('hex').slice(0, 32);
			const malformed = locale === 'fi' ? ['not-a-token!', 'x', 'A'.repeat(500)] : [];
			for (const token of [wrong, ...malformed]) {
				for (const path of [`/manage/${token}`, `/manage/${token}/cancel/${randomUUID()}`]) {
					const response = await page.goto(localePath(locale, path));
					expect(await shown(response!), path).toEqual(reference);
					await checkA11y(`404 for ${path}`);
				}
				const file = await request.get(localePath(locale, `/manage/${token}/data.json`));
				expect(file.status()).toBe(404);
				expect(file.headers()['content-disposition']).toBeUndefined();
			}
		});
	}
});

test.describe('send me my link again', () => {
	test.use({ javaScriptEnabled: false, expectedErrorStatuses: [400] });

	for (const locale of LOCALES) {
		test(`a mistyped address comes back with its message, on a page that fits a phone (${locale})`, async ({
			page,
			checkA11y
		}) => {
			const ask = new ManageLinkPage(page, locale, checkA11y, false);
			const opened = await ask.goto();
			expect(opened!.status()).toBe(200);
			await expectFitsPhones(page, '/manage');
			const refused = await ask.ask('aino@');
			expect(refused.status()).toBe(400);
			await ask.expectShown('refused');
			await expect(ask.email).toHaveValue('aino@');
			await expect(ask.email).toHaveAttribute('aria-invalid', 'true');
			await expect(page.getByText(t(locale, 'error_email_invalid'))).toBeVisible();
		});
	}

	test('a held address gets a fresh link in the language asked in; an unknown one the same answer (sv) @pglite', async ({
		page,
		checkA11y,
		eventPage,
		registeredPage
	}) => {
		const locale: Locale = 'sv';
		const email = uniqueEmail('manage-link');
		const unknown = uniqueEmail('manage-link-unknown');
		// Signed up in Finnish: the link comes in the language of the page it is asked on.
		const signup = eventPage('fi');
		await signup.goto(OPEN_HOUSE);
		await signup.fill({ firstName: 'Aino', lastName: 'Laine', email });
		await signup.submit();
		await registeredPage('fi').expectLanded(OPEN_HOUSE, titleOf(OPEN_HOUSE, 'fi'), ['confirmed']);
		await waitForMail(email, 1);

		const ask = new ManageLinkPage(page, locale, checkA11y, false);
		await ask.goto();
		// Unknown first: the outbox sends in order, so its mail would be out before the held one's.
		const answers = [];
		for (const address of [unknown, email]) {
			const answer = await ask.ask(address);
			await ask.expectShown(`asked for ${address}`);
			await expect(ask.sentNotice(address)).toBeVisible();
			answers.push({
				status: answer.status(),
				main: (await page.locator('main').innerText()).replace(address, '<address>')
			});
		}
		expect(answers[0]).toEqual(answers[1]);
		expect(answers[0]!.status).toBe(200);

		const mail = await mailWithSubject(email, 2, t(locale, 'mail_manage_link_subject'));
		expect(mailTo(unknown)).toEqual([]);
		const link = manageLink(mail);
		const manage = new ManageLinkPage(page, locale, checkA11y, false);
		expect(link.pathname).toMatch(/^\/sv\/manage\/[a-z0-9]+$/);
		await page.goto(link.pathname);
		await expect(page.locator('html')).toHaveAttribute('lang', manage.locale);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(locale, 'manage_title'));
		await expect(page.getByText(email).first()).toBeVisible();
		await checkA11y('opened from the new link');
	});
});
