import type { Page } from '@playwright/test';

/**
 * Resolves once SvelteKit has hydrated the page, so a test types into enhanced forms rather than
 * racing the client and posting natively. SvelteKit's router switches scroll restoration to manual
 * as the last step of starting, after hydration; there is no public signal for it.
 */
export async function hydrated(page: Page, javaScriptEnabled: boolean): Promise<void> {
	if (!javaScriptEnabled) return;
	await page.waitForFunction(() => history.scrollRestoration === 'manual');
}
