import type { Page } from '@playwright/test';
import { hydrated } from '../pages/hydration';
import { messagesEvent, messagesPerson, titleOf } from '../support/data';
import { t } from '../support/i18n';
import { mailTo, manageLink, type StoredMail } from '../support/mailbox';
import { expect, test } from './staff-fixtures';

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);

/** The one mail to `address` with this subject, once it has come through the SMTP sink. */
async function mailWithSubject(address: string, subject: string): Promise<StoredMail> {
	await expect
		.poll(() => mailTo(address).filter((mail) => mail.subject === subject).length, {
			message: `"${subject}" to ${address}`,
			timeout: 15_000
		})
		.toBe(1);
	return mailTo(address).find((mail) => mail.subject === subject)!;
}

/** Nothing on the page reaches past a 320 px phone's window (WCAG 1.4.10). */
async function fitsPhone(page: Page) {
	await page.setViewportSize({ width: 320, height: 800 });
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		)
	).toBe(false);
	await page.setViewportSize({ width: 1280, height: 800 });
}

/** Fills one language's subject and message in the compose form. */
async function write(page: Page, legendKey: string, subject: string, body: string) {
	const group = page.getByRole('group', { name: fi(legendKey) });
	await group.getByLabel(fi('staff_messages_subject')).fill(subject);
	await group.getByLabel(fi('staff_messages_body')).fill(body);
}

test('staff write to attendees in their languages; marketing reaches only the person who allowed it', async ({
	page,
	signInAs,
	checkA11y,
	javaScriptEnabled
}, testInfo) => {
	const slug = messagesEvent(testInfo.retry);
	// Signed up before the server started; the Swede has confirmed news by email (messages-seed.ts).
	const finn = messagesPerson('fi', testInfo.retry);
	const swede = messagesPerson('sv', testInfo.retry);

	await signInAs('staff');
	await hydrated(page, javaScriptEnabled);
	await checkA11y('dashboard');
	// The event's id from the staff event list, read without a page of its own to check.
	const list = await (await page.request.get('/staff/events')).text();
	const title = titleOf(slug, 'fi').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const eventId = new RegExp(
		`href="/staff/events/([0-9a-f-]{36})[^"]*"[^>]*>\\s*${title}\\s*<`
	).exec(list)![1]!;
	await page.goto(`/staff/events/${eventId}/messages`);
	await hydrated(page, javaScriptEnabled);
	await checkA11y('messages page');

	// A message about the event in Finnish and Swedish, to the confirmed.
	await expect(
		page.getByRole('checkbox', { name: fi('staff_messages_audience_confirmed') })
	).toBeChecked();
	await write(
		page,
		'staff_messages_language_fi',
		'Pysäköinti',
		'Hei!\n\nPysäköikää takapihalle: https://wetteri.fi/kartta.'
	);
	await write(
		page,
		'staff_messages_language_sv',
		'Parkering',
		'Hej!\n\nParkera på bakgården: https://wetteri.fi/kartta.'
	);
	await page.getByRole('button', { name: fi('staff_messages_save_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(fi('staff_messages_saved'));

	// The preview: one group per language, each with its own count, and no names.
	const preview = page.getByRole('region', { name: fi('staff_messages_preview_heading') });
	await expect(
		preview.getByRole('heading', { name: fi('staff_messages_group_fi', { count: 1 }) })
	).toBeVisible();
	const svGroup = preview.getByRole('article', {
		name: fi('staff_messages_group_sv', { count: 1 })
	});
	await expect(svGroup).toContainText('Parkera på bakgården');
	await expect(svGroup.getByRole('link', { name: 'https://wetteri.fi/kartta' })).toBeVisible();
	await expect(preview).not.toContainText(finn.lastName);
	await hydrated(page, javaScriptEnabled);
	await checkA11y('preview');
	await fitsPhone(page);

	// Sending asks once more, with the count.
	await page.locator('summary', { hasText: fi('staff_messages_send_start') }).click();
	const confirm = page.getByRole('region', { name: fi('staff_messages_confirm_heading') });
	await expect(confirm).toContainText(fi('staff_messages_confirm_text', { count: 2 }));
	await confirm.getByRole('button', { name: fi('staff_messages_confirm_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(fi('staff_messages_sent', { count: 2 }));
	await hydrated(page, javaScriptEnabled);
	await checkA11y('sent');

	// Each gets their own mail in their language, with their own manage link.
	const finnish = await mailWithSubject(finn.email, 'Pysäköinti');
	expect(finnish.text).toContain('Pysäköikää takapihalle: https://wetteri.fi/kartta.');
	expect(manageLink(finnish).pathname).toMatch(/^\/manage\//);
	const swedish = await mailWithSubject(swede.email, 'Parkering');
	expect(swedish.text).toContain('Det här meddelandet gäller evenemanget');
	expect(manageLink(swedish).pathname).toMatch(/^\/sv\/manage\//);
	expect(swedish.headers?.['list-unsubscribe']).toBeUndefined();
	console.log(`[received by ${swede.firstName}]\nSubject: ${swedish.subject}\n\n${swedish.text}`);

	// A marketing message goes only to the person whose ledger allows it, with unsubscribe.
	await page
		.getByRole('checkbox', { name: new RegExp(fi('staff_messages_marketing_label')) })
		.check();
	await write(page, 'staff_messages_language_fi', 'Uusi malli', 'Tutustu uuteen kuorma-autoon.');
	await page.getByRole('button', { name: fi('staff_messages_save_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(fi('staff_messages_saved'));
	await expect(
		preview.getByRole('heading', { name: fi('staff_messages_group_sv', { count: 1 }) })
	).toBeVisible();
	await expect(preview).toContainText(fi('staff_messages_fallback'));
	await expect(preview).toContainText(fi('staff_messages_excluded_no_permission', { count: 1 }));
	await hydrated(page, javaScriptEnabled);
	await checkA11y('marketing preview');
	await page.locator('summary', { hasText: fi('staff_messages_send_start') }).click();
	await confirm.getByRole('button', { name: fi('staff_messages_confirm_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(fi('staff_messages_sent', { count: 1 }));
	await hydrated(page, javaScriptEnabled);
	await checkA11y('marketing sent');

	const promotion = await mailWithSubject(swede.email, 'Uusi malli');
	expect(promotion.headers?.['list-unsubscribe']).toMatch(
		/^<http:\/\/[^>]+\/sv\/unsubscribe\/[a-z0-9]{20,}>$/
	);
	expect(promotion.headers?.['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
	expect(promotion.text).toContain('/sv/unsubscribe/');
	// The Finn never allowed marketing: nothing was queued for him.
	expect(mailTo(finn.email).filter((mail) => mail.subject === 'Uusi malli')).toHaveLength(0);
	await expect(page.getByRole('region', { name: fi('staff_messages_list_heading') })).toContainText(
		fi('staff_messages_counts', { sent: 1, excluded: 1 })
	);
});
