import { expect, onPglite, test, withAndWithoutJavaScript } from '../fixtures';
import {
	channelState,
	consentLink,
	expectUnsubscribePage,
	marketing,
	newsBox,
	openConsent,
	unsubscribeLinkFor,
	unsubscribeState,
	withAnyDate
} from '../pages/marketing';
import { pressThrough } from '../pages/form-post';
import { hydrated } from '../pages/hydration';
import { tokenOf } from '../pages/manage-page';
import { localePath, OPEN_HOUSE, titleOf, uniqueEmail } from '../support/data';
import { literal, t } from '../support/i18n';
import { mailTo, manageLink, waitForMail } from '../support/mailbox';

/**
 * Double opt-in for news by email, through real SMTP: the unticked box on the sign-up form, the
 * separate confirmation email, the /consent page whose GET records nothing, the person's own page
 * that shows, withdraws and asks again, and the personal unsubscribe link. The app sends no
 * marketing mail itself; unsubscribe links go out in the staff's email marketing export, so that is
 * where this test takes one from. The route's every POST, RFC 8058 one-click included, is also
 * tested at route level (src/routes/(public)/unsubscribe/[token]/page.server.test.ts).
 */

withAndWithoutJavaScript((javaScriptEnabled, locale) => {
	test(`ticking the box sends a separate confirmation; only the button records consent; the person withdraws and forbids (${locale})${onPglite(javaScriptEnabled)}`, async ({
		eventPage,
		registeredPage,
		managePage,
		page,
		request,
		browser,
		baseURL,
		checkA11y
	}, testInfo) => {
		// A sign-up, two mails, a staff export, and a dozen public pages, each audited by axe.
		test.setTimeout(2 * 120_000);
		const title = titleOf(OPEN_HOUSE, locale);
		const email = uniqueEmail(`consent-${javaScriptEnabled ? 'js' : 'nojs'}`);

		const event = eventPage(locale);
		await event.goto(OPEN_HOUSE);
		const box = newsBox(page, locale);
		await expect(box).not.toBeChecked();
		await event.fill({ firstName: 'Ulla', lastName: 'Uutinen', email });
		await box.check();
		await event.submit();
		await registeredPage(locale).expectLanded(OPEN_HOUSE, title, ['confirmed', 'waitlisted']);

		// Two messages: the registration's confirmation, and apart from it the consent request.
		const mails = await waitForMail(email, 2);
		const confirmation = mails.find((mail) => /\/manage\//.test(mail.text));
		const consentMail = mails.find((mail) => consentLink(mail));
		expect(confirmation, 'the registration confirmation').toBeDefined();
		expect(consentMail, 'the separate consent email').toBeDefined();
		expect(consentMail!.to).toEqual([email]);
		const link = consentLink(consentMail!)!;
		expect(link.pathname).toMatch(
			new RegExp(`^${literal(localePath(locale, '/consent/')).source}[a-z0-9]+$`)
		);
		expect(consentMail!.text, 'the consent email holds no manage link').not.toMatch(/\/manage\//);

		// Nothing is recorded yet: the registration's own page says email was not asked.
		const token = tokenOf(manageLink(confirmation!));
		const manage = managePage(locale);
		await manage.goto(token, 'before opening the consent link');
		await expect(channelState(manage, 'email')).toHaveText(
			t(locale, 'manage_marketing_state_not_asked_consent')
		);

		// Opening the link shows the exact wording and the address, privately, and records nothing.
		const confirmCheck = { checkA11y, javaScriptEnabled, state: 'consent request' };
		const opened = await openConsent(page, link, locale, 'consent_title', confirmCheck);
		expect(opened!.status()).toBe(200);
		expect(opened!.headers()['cache-control']).toBe('no-store');
		await expect(page.getByText(email).first()).toBeVisible();
		const wording = (await page.locator('blockquote').innerText()).trim();
		expect(wording.length).toBeGreaterThan(50);
		expect(consentMail!.text, 'the page shows the wording the email carried').toContain(wording);
		await manage.goto(token, 'after opening the consent link');
		await expect(channelState(manage, 'email')).toHaveText(
			t(locale, 'manage_marketing_state_not_asked_consent')
		);

		// The button records the grant and says how to withdraw it.
		await openConsent(page, link, locale, 'consent_title', {
			...confirmCheck,
			state: 'confirming'
		});
		const confirm = page.getByRole('button', { name: t(locale, 'consent_confirm'), exact: true });
		await pressThrough(
			page,
			confirm,
			javaScriptEnabled,
			(url) => url.pathname === link.pathname && url.search === '?confirmed=1'
		);
		await hydrated(page, javaScriptEnabled);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			t(locale, 'consent_confirmed_title')
		);
		await expect(page.getByRole('status')).toHaveText(t(locale, 'consent_confirmed', { email }));
		await expect(
			page.getByRole('heading', { name: t(locale, 'consent_withdraw_heading') })
		).toBeVisible();
		await checkA11y('confirmed');

		// The person's own page shows it.
		await manage.goto(token, 'consent given');
		await expect(channelState(manage, 'email')).toHaveText(
			withAnyDate(locale, 'manage_marketing_state_granted')
		);
		await expect(channelState(manage, 'phone')).toHaveText(
			t(locale, 'manage_marketing_state_not_asked_optout')
		);

		// Now they are on the staff's email marketing list, each row with a personal unsubscribe
		// link, in the person's language.
		const unsubscribe = await unsubscribeLinkFor(browser, baseURL!, email, testInfo);
		expect(unsubscribe.pathname.startsWith(localePath(locale, '/unsubscribe/'))).toBe(true);

		// Withdrawing on their own page takes one button, behind the "manage marketing" disclosure.
		await manage.marketingSummary.click();
		const withdraw = marketing(manage).getByRole('button', {
			name: t(locale, 'manage_marketing_withdraw_email'),
			exact: true
		});
		await pressThrough(
			page,
			withdraw,
			javaScriptEnabled,
			(url) => url.searchParams.get('marketing') === 'withdrawn'
		);
		await manage.expectShown('consent withdrawn');
		await expect(marketing(manage).getByRole('status')).toHaveText(
			t(locale, 'manage_marketing_done_withdrawn')
		);
		await expect(channelState(manage, 'email')).toHaveText(
			withAnyDate(locale, 'manage_marketing_state_withdrawn')
		);
		await expect(withdraw).toHaveCount(0);

		// The download holds the state and both decisions, newest first.
		const file = await request.get(`${manage.path(token)}/data.json`);
		expect(file.status()).toBe(200);
		const exported = (await file.json()) as {
			marketing: {
				state: Record<string, { decision: string }>;
				history: { channel: string; decision: string; source: string }[];
			};
		};
		expect(exported.marketing.state.email!.decision).toBe('withdrawn');
		expect(exported.marketing.history).toEqual([
			expect.objectContaining({ channel: 'email', decision: 'withdrawn', source: 'manage' }),
			expect.objectContaining({ channel: 'email', decision: 'granted', source: 'link' })
		]);

		// The unsubscribe link opens without sign-in, privately, and its GET changes nothing.
		const check = { checkA11y, javaScriptEnabled };
		const shown = await page.goto(unsubscribe.pathname);
		expect(shown!.status()).toBe(200);
		expect(shown!.headers()['cache-control']).toBe('no-store');
		await expectUnsubscribePage(page, locale, check, 'unsubscribe link');
		await expect(
			page.getByRole('button', { name: t(locale, 'unsubscribe_withdraw_email'), exact: true })
		).toBeVisible();
		await expect(unsubscribeState(page, locale, 'email')).toHaveText(
			withAnyDate(locale, 'manage_marketing_state_withdrawn')
		);
		await expect(unsubscribeState(page, locale, 'phone')).toHaveText(
			t(locale, 'manage_marketing_state_not_asked_optout')
		);

		// One channel, then everything: no questions asked.
		const button = (key: string) => page.getByRole('button', { name: t(locale, key), exact: true });
		await pressThrough(
			page,
			button('manage_marketing_prohibit_phone'),
			javaScriptEnabled,
			(url) => url.searchParams.get('done') === 'prohibit_phone'
		);
		await expectUnsubscribePage(page, locale, check, 'phone forbidden');
		await expect(page.getByRole('status')).toHaveText(
			t(locale, 'unsubscribe_done_prohibit_channel')
		);
		await expect(unsubscribeState(page, locale, 'phone')).toHaveText(
			withAnyDate(locale, 'manage_marketing_state_prohibited')
		);
		await pressThrough(
			page,
			button('manage_marketing_prohibit_all'),
			javaScriptEnabled,
			(url) => url.searchParams.get('done') === 'prohibit_all'
		);
		await expectUnsubscribePage(page, locale, check, 'all forbidden');
		await expect(page.getByRole('status')).toHaveText(t(locale, 'unsubscribe_done_prohibit_all'));
		await expect(page.getByText(t(locale, 'manage_marketing_all_prohibited'))).toBeVisible();

		// Their own page agrees, and no longer offers news by email.
		await manage.goto(token, 'everything forbidden');
		for (const channel of ['email', 'sms', 'phone', 'post'] as const) {
			await expect(channelState(manage, channel)).toHaveText(
				withAnyDate(locale, 'manage_marketing_state_prohibited')
			);
		}
		await expect(
			marketing(manage).getByText(t(locale, 'manage_marketing_all_prohibited'))
		).toBeVisible();
		await expect(
			marketing(manage).getByRole('button', { name: t(locale, 'manage_marketing_subscribe') })
		).toHaveCount(0);

		// The used consent link says so and changes nothing.
		await openConsent(page, link, locale, 'consent_already_title', {
			...confirmCheck,
			state: 'already confirmed'
		});
		await manage.goto(token, 'still forbidden');
		await expect(channelState(manage, 'email')).toHaveText(
			withAnyDate(locale, 'manage_marketing_state_prohibited')
		);
	});

	// The lighter journey runs in Swedish with JavaScript on (the full one above covers Finnish
	// there), so the Swedish form, consent mail and manage page are walked without another test.
	const lang = javaScriptEnabled ? 'sv' : locale;
	test(`the box starts unticked, and without it no consent email is sent (${lang})`, async ({
		eventPage,
		registeredPage,
		managePage,
		page
	}) => {
		test.setTimeout(2 * 60_000);
		const title = titleOf(OPEN_HOUSE, lang);
		const tag = javaScriptEnabled ? 'js' : 'nojs';
		const without = uniqueEmail(`no-consent-${tag}`);
		const withBox = uniqueEmail(`with-consent-${tag}`);

		const event = eventPage(lang);
		await event.goto(OPEN_HOUSE);
		await expect(newsBox(page, lang)).not.toBeChecked();
		await event.fill({ firstName: 'Eino', lastName: 'Eiuutisia', email: without });
		await event.submit();
		await registeredPage(lang).expectLanded(OPEN_HOUSE, title, ['confirmed', 'waitlisted']);

		// A second visitor ticks it. The outbox sends in order, one message at a time, so once
		// their consent email has arrived, any the first sign-up had caused would have too.
		await event.goto(OPEN_HOUSE);
		await event.fill({ firstName: 'Ville', lastName: 'Uutinen', email: withBox });
		await newsBox(page, lang).check();
		await event.submit();
		await registeredPage(lang).expectLanded(OPEN_HOUSE, title, ['confirmed', 'waitlisted']);
		await expect
			.poll(() => mailTo(withBox).filter((mail) => consentLink(mail)).length, {
				message: `the consent email to ${withBox}`,
				timeout: 15_000
			})
			.toBe(1);
		const [only] = await waitForMail(without, 1);
		expect(mailTo(without)).toHaveLength(1);
		expect(consentLink(only!)).toBeNull();

		// Their own page says nothing was asked, and offers to ask now, to the address on record.
		const manage = managePage(lang);
		const token = tokenOf(manageLink(only!));
		await manage.goto(token, 'no consent asked');
		await expect(channelState(manage, 'email')).toHaveText(
			t(lang, 'manage_marketing_state_not_asked_consent')
		);
		const subscribe = marketing(manage).getByRole('button', {
			name: t(lang, 'manage_marketing_subscribe'),
			exact: true
		});
		await pressThrough(
			page,
			subscribe,
			javaScriptEnabled,
			(url) => url.searchParams.get('marketing') === 'requested'
		);
		await manage.expectShown('consent requested');
		await expect(marketing(manage).getByRole('status')).toHaveText(
			t(lang, 'manage_marketing_done_requested', { email: without })
		);
		// Asking records nothing: only the link in the new email can.
		await expect(channelState(manage, 'email')).toHaveText(
			t(lang, 'manage_marketing_state_not_asked_consent')
		);
		const mails = await waitForMail(without, 2);
		const requested = mails.map(consentLink).filter((url) => url !== null);
		expect(requested).toHaveLength(1);
		expect(requested[0]!.pathname.startsWith(localePath(lang, '/consent/'))).toBe(true);
		const request = mails.find((mail) => consentLink(mail) !== null)!;
		expect(request.subject).toBe(
			lang === 'sv'
				? 'Bekräfta beställningen av nyheter per e-post: Wetteri Trucks Oy'
				: 'Confirm news by email: Wetteri Trucks Oy'
		);
	});
});
