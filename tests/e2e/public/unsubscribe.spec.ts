import { expect, test } from '../fixtures';
import {
	consentLink,
	expectUnsubscribePage,
	newsBox,
	openConsent,
	unsubscribeLinkFor,
	unsubscribeState,
	withAnyDate
} from '../pages/marketing';
import { press } from '../pages/form-post';
import { OPEN_HOUSE, titleOf, uniqueEmail } from '../support/data';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` to the link
 * from its own servers, with no Origin header and no browser. SvelteKit's CSRF check answers any
 * form POST without a matching Origin with 403, so the app makes that check itself
 * (src/lib/server/csrf.ts) and exempts exactly this path, whose token is its only credential.
 */
test('a one-click POST from a mail provider stops marketing email (RFC 8058)', async ({
	eventPage,
	registeredPage,
	page,
	request,
	browser,
	baseURL,
	checkA11y
}, testInfo) => {
	test.setTimeout(2 * 90_000);
	// In Swedish: the exemption must hold for /sv/unsubscribe/... as for the Finnish and English
	// paths, and the consent mail and pages come in the language the person signed up in.
	const locale = 'sv';
	const email = uniqueEmail('one-click');

	// Someone who ticked the box and confirmed, so the export lists them with a link.
	const event = eventPage(locale);
	await event.goto(OPEN_HOUSE);
	await event.fill({ firstName: 'Okko', lastName: 'Yksiklikki', email });
	await newsBox(page, locale).check();
	await event.submit();
	await registeredPage(locale).expectLanded(OPEN_HOUSE, titleOf(OPEN_HOUSE, locale), [
		'confirmed',
		'waitlisted'
	]);
	const consentMail = (await waitForMail(email, 2)).find((mail) => consentLink(mail) !== null)!;
	expect(consentMail.subject).toBe(
		'Bekräfta beställningen av nyheter per e-post: Wetteri Trucks Oy'
	);
	const link = consentLink(consentMail)!;
	await openConsent(page, link, locale, 'consent_title', {
		checkA11y,
		javaScriptEnabled: true,
		state: 'consent request'
	});
	await press(page, page.getByRole('button', { name: t(locale, 'consent_confirm') }), true);
	await page.waitForURL((url) => url.search === '?confirmed=1');
	await checkA11y('confirmed');
	const unsubscribe = await unsubscribeLinkFor(browser, baseURL!, email, testInfo);
	expect(unsubscribe.pathname).toMatch(/^\/sv\/unsubscribe\//);

	// What the provider sends: no Origin, no cookies, no JavaScript, and it follows no redirect.
	const answer = await request.post(unsubscribe.pathname, {
		form: { 'List-Unsubscribe': 'One-Click' },
		maxRedirects: 0
	});
	expect(answer.status()).toBe(200);

	await page.goto(unsubscribe.pathname);
	await expectUnsubscribePage(
		page,
		locale,
		{ checkA11y, javaScriptEnabled: true },
		'after one-click'
	);
	await expect(unsubscribeState(page, locale, 'email')).toHaveText(
		withAnyDate(locale, 'manage_marketing_state_withdrawn')
	);
});
