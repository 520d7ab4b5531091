import { expect, type Locator, type Page, type Response } from '@playwright/test';

/** Clicks a button and resolves with the response to the form POST the browser itself makes. */
export async function documentPost(page: Page, button: Locator): Promise<Response> {
	const [response] = await Promise.all([
		page.waitForResponse(
			(r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'
		),
		button.click()
	]);
	return response;
}

/**
 * Clicks a button that posts a form. With JavaScript on, the enhanced form posts in the background
 * and resolves with null; without it, resolves with the response to the document POST. `focus`
 * first lets a blur check move things before the click, not during it.
 */
export async function press(
	page: Page,
	button: Locator,
	javaScriptEnabled: boolean,
	options: { focus?: boolean } = {}
): Promise<Response | null> {
	if (!javaScriptEnabled) return documentPost(page, button);
	if (options.focus) await button.focus();
	await button.click();
	return null;
}

/**
 * Presses a button whose form answers with a redirect and waits for the page it leads to; without
 * JavaScript, checks that the answer was the 303 itself.
 */
export async function pressThrough(
	page: Page,
	button: Locator,
	javaScriptEnabled: boolean,
	landed: (url: URL) => boolean
): Promise<void> {
	const posted = await press(page, button, javaScriptEnabled);
	if (posted) expect(posted.status()).toBe(303);
	await page.waitForURL(landed);
}
