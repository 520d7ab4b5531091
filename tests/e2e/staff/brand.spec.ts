import type { Page } from '@playwright/test';
import { OPEN_HOUSE, uniqueEmail } from '../support/data';
import { postSignup } from '../support/forms';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';
import type { A11yCheck } from '../fixtures';
import { expect, test } from './staff-fixtures';

// With JavaScript, as staff use it: the enhanced form posts the file; the refused colour is a 400.
test.use({ expectedErrorStatuses: [400] });

const fi = (key: string, params?: Record<string, string | number>) => t('fi', key, params);
const NAME = 'Brändi Trucks e2e';
const LOGO = Buffer.from(
	'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 40" onload="alert(1)">' +
		'<rect width="80" height="40" fill="#8a1c1c"/><circle cx="20" cy="20" r="12" fill="#ffffff"/>' +
		'<script>alert(2)</script></svg>'
);

const field = (page: Page, key: string) => page.getByLabel(fi(key), { exact: false });

async function openBrandPage(page: Page) {
	await page.goto('/staff/brand');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('brand_title'));
}

/** Back to the neutral default, so the other specs see the plain header and mail. */
async function resetBrand(page: Page, checkA11y: A11yCheck) {
	await openBrandPage(page);
	const remove = page.getByRole('button', { name: fi('brand_logo_remove') });
	if (await remove.count()) {
		await remove.click();
		await expect(page.getByRole('status')).toHaveText(fi('brand_logo_removed'));
		await checkA11y('logo removed');
	}
	await page.locator('input[name="name"]').fill('');
	await page.locator('input[name="colour"]').fill('');
	for (const part of ['Fi', 'Sv', 'En', 'Url'])
		await page.locator(`input[name="link0${part}"]`).fill('');
	await page.getByRole('button', { name: fi('brand_save'), exact: true }).click();
	await expect(page.getByRole('status')).toHaveText(fi('brand_saved'));
	await checkA11y('back to neutral');
}

/**
 * An admin brands the site: a colour too light for text is refused with its ratio and the typed
 * values kept; then name, colour, a footer link and an SVG logo show on the public pages and in
 * a mail, whose logo is an inline PNG part. Who may not open the page is the access matrix's.
 */
test('an admin sets the name, colour, footer link and logo, seen on pages and in mail', async ({
	page,
	signInAs,
	checkA11y,
	baseURL
}) => {
	await signInAs('admin');
	await checkA11y('signed in');
	try {
		await openBrandPage(page);
		await checkA11y('brand page');
		// A logo over the limit is named before anything is uploaded.
		const logoInput = page.locator('input[name="logo"]');
		const huge = Buffer.alloc(300 * 1024, 32);
		await logoInput.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
		await expect(page.getByText(fi('brand_logo_size'))).toBeVisible();
		await page.locator('input[name="name"]').fill(NAME);
		await page.locator('input[name="colour"]').fill('#ffd700');
		await page.locator('input[name="link0Fi"]').fill('Kotisivu');
		await page.locator('input[name="link0Sv"]').fill('Hemsida');
		await page.locator('input[name="link0Url"]').fill('https://wetteri.fi/');
		await logoInput.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO });
		await expect(page.getByText(fi('brand_logo_size'))).toHaveCount(0);
		await page.getByRole('button', { name: fi('brand_save'), exact: true }).click();

		await expect(page.getByText(fi('brand_colour_contrast', { ratio: '1,4' }))).toBeVisible();
		await expect(page.locator('input[name="name"]')).toHaveValue(NAME);
		await expect(page.locator('input[name="colour"]')).toHaveValue('#ffd700');
		await expect(page.locator('input[name="link0Url"]')).toHaveValue('https://wetteri.fi/');
		await checkA11y('refused colour');

		await page.locator('input[name="colour"]').fill('#8a1c1c');
		await logoInput.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO });
		await page.getByRole('button', { name: fi('brand_save'), exact: true }).click();
		await expect(page.getByRole('status')).toHaveText(fi('brand_saved'));
		await expect(field(page, 'brand_name_label')).toHaveValue(NAME);

		// The public side: logo and name in the header (the link is named once: the logo's alt is
		// empty beside the name, which axe and Lighthouse count as redundant otherwise), the colour
		// from a stylesheet of its own (CSP forbids inline style), the link in the footer.
		await page.goto('/sv');
		const home = page.locator('header a.site-name');
		await expect(home).toContainText(NAME);
		await expect(home).toHaveAccessibleName(NAME);
		const logo = home.locator('img.site-logo');
		await expect(logo).toBeVisible();
		await expect(logo).toHaveAttribute('alt', '');
		await expect(page.locator('footer').getByRole('link', { name: 'Hemsida' })).toHaveAttribute(
			'href',
			'https://wetteri.fi/'
		);
		await expect(page.locator('header.site-header')).toHaveCSS(
			'background-color',
			'rgb(138, 28, 28)'
		);
		await checkA11y('branded home');
		// The tab reads the organisation's name too, on pages and on the public error page.
		await expect(page).toHaveTitle(`${t('sv', 'events_title')} – ${NAME}`);
		const missing = await page.request.get('/sv/events/ei-tallaista-tapahtumaa');
		expect(missing.status()).toBe(404);
		expect(await missing.text()).toContain(`– ${NAME}</title>`);

		const svg = await page.request.get((await logo.getAttribute('src'))!);
		expect(svg.headers()['content-type']).toBe('image/svg+xml');
		expect(svg.headers()['content-security-policy']).toBe(
			"default-src 'none'; style-src 'unsafe-inline'"
		);
		expect(svg.headers()['cache-control']).toContain('immutable');
		expect(svg.headers()['set-cookie']).toBeUndefined();
		const body = await svg.text();
		expect(body).toContain('<circle');
		expect(body).not.toMatch(/script|onload|alert/);

		// Every mail: the logo as an inline PNG part, never a remote image; name and link in text.
		const email = uniqueEmail('brand');
		const signup = await postSignup(page.request, baseURL!, OPEN_HOUSE, {
			firstName: 'Britta',
			lastName: 'Brand',
			email,
			phone: ''
		});
		expect(signup.status()).toBe(303);
		const [mail] = await waitForMail(email);
		const logoPart = mail!.attachments.find((part) => part.cid === 'brand-logo');
		expect(logoPart?.contentType).toBe('image/png');
		expect(mail!.html).toContain('src="cid:brand-logo"');
		expect(mail!.html).toContain(`alt="${NAME}"`);
		expect(mail!.html).not.toMatch(/<img[^>]+src="https?:/);
		expect(mail!.text).toContain(`${NAME}\nKotisivu: https://wetteri.fi/`);
	} finally {
		await resetBrand(page, checkA11y);
	}
	await page.goto('/');
	await expect(page.locator('header a.site-name')).toHaveText(fi('site_name'));
	await checkA11y('neutral home');
});
