import type { Response } from '@playwright/test';
import { expect, test, withAndWithoutJavaScript } from '../fixtures';
import { OPEN_HOUSE, titleOf, uniqueEmail } from '../support/data';

// Every test already fails on a cookie, a request to another host or a console error (see the
// guard in fixtures.ts). This journey also looks at each response on the way through a sign-up.
withAndWithoutJavaScript(() => {
	test('a whole visit sets no cookie and stays on the app with a strict CSP', async ({
		eventsList,
		eventPage,
		registeredPage,
		page,
		context,
		baseURL,
		checkA11y
	}) => {
		const responses: Response[] = [];
		const hosts = new Set<string>();
		page.on('response', (response) => responses.push(response));
		page.on('request', (request) => hosts.add(new URL(request.url()).host));

		const list = eventsList('en');
		await list.goto();
		await list.card(titleOf(OPEN_HOUSE, 'en')).getByRole('link').click();
		const event = eventPage('en');
		await expect(event.heading).toHaveText(titleOf(OPEN_HOUSE, 'en'));
		await checkA11y('reached from the list');
		await event.fill({ firstName: 'Ville', lastName: 'Salminen', email: uniqueEmail('privacy') });
		await event.submit();
		await registeredPage('en').expectLanded(OPEN_HOUSE, titleOf(OPEN_HOUSE, 'en'));

		expect([...hosts]).toEqual([new URL(baseURL!).host]);
		expect(await context.cookies()).toEqual([]);
		expect(responses.length).toBeGreaterThan(3);
		for (const response of responses) {
			const headers = await response.allHeaders();
			expect(headers['set-cookie'], `Set-Cookie on ${response.url()}`).toBeUndefined();
			if (response.request().resourceType() !== 'document' || response.status() >= 300) continue;
			const csp = headers['content-security-policy'] ?? '';
			// A nonce where SvelteKit has scripts to start; none at all on the scriptless event page.
			expect(csp, `CSP of ${response.url()}`).toMatch(/script-src 'self'( 'nonce-[^']+')?;/);
			expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
			expect(csp).toContain("frame-ancestors 'none'");
			expect(headers['referrer-policy']).toBe('same-origin');
		}
	});
});
