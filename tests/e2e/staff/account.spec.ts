import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { uniqueEmail } from '../support/data';
import { clientAddressFor } from '../fixtures';
import { apiCreateUser } from './staff-api';
import { expect, test } from './staff-fixtures';

/** The code of the coming 30-second step: later than any code already used, still accepted. */
function nextCode(key: Uint8Array): string {
	return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6);
}

// The account page has five forms and an enrollment that spans three answers: all of it must work
// as plain HTML posts, as the design promises for every form.
test.use({ javaScriptEnabled: false, expectedErrorStatuses: [400] });

test('without JavaScript a user changes their password and turns on TOTP', async ({
	page,
	checkA11y,
	baseURL
}, testInfo) => {
	test.setTimeout(2 * 120_000);
	const user = await apiCreateUser(
		baseURL!,
		clientAddressFor(`${testInfo.testId}:${testInfo.retry}`),
		{
			email: uniqueEmail('account'),
			displayName: 'Kaisa Kirjautuja',
			role: 'door',
			password: 'ensimmainen-avain-2026'
		}
	);
	const signIn = async (password: string) => {
		await page.goto('/staff/login');
		await checkA11y('sign-in form');
		await page.getByLabel('Sähköposti', { exact: true }).fill(user.email);
		await page.getByLabel('Salasana', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
	};
	await signIn(user.password);
	await page.waitForURL((url) => url.pathname === '/staff');
	await checkA11y('dashboard');
	await page.goto('/staff/account');
	await checkA11y('account');

	const current = page.getByLabel('Nykyinen salasana', { exact: true });
	await current.fill('tama-ei-ole-se-2026');
	await page.getByLabel('Uusi salasana', { exact: true }).fill('toinen-avain-2027');
	await page.getByLabel('Uusi salasana uudelleen', { exact: true }).fill('toinen-avain-2027');
	await page.getByRole('button', { name: 'Vaihda salasana' }).click();
	await expect(page.getByText('Salasana on väärin.')).toBeVisible();
	await expect(current).toHaveAttribute('aria-invalid', 'true');
	await checkA11y('wrong current password');
	await current.fill(user.password);
	await page.getByLabel('Uusi salasana', { exact: true }).fill('toinen-avain-2027');
	await page.getByLabel('Uusi salasana uudelleen', { exact: true }).fill('toinen-avain-2027');
	await page.getByRole('button', { name: 'Vaihda salasana' }).click();
	await expect(page.getByRole('status')).toHaveText(/Salasanasi on vaihdettu/);

	await page.getByRole('button', { name: 'Ota kaksivaiheinen tunnistautuminen käyttöön' }).click();
	await page.waitForURL((url) => url.search === '?/totpStart');
	await checkA11y('enrollment');
	const keyText = (await page.getByTestId('totp-key').textContent())!.replace(/\s/g, '');
	const key = decodeBase32IgnorePadding(keyText);
	const step = Math.floor(Date.now() / 30_000);
	const valid = [-1, 0, 1, 2].map((offset) => generateHOTP(key, BigInt(step + offset), 6));
	await page
		.getByLabel('Koodi', { exact: true })
		.fill(['111111', '222222'].find((c) => !valid.includes(c))!);
	// The password too: a session alone must not be able to tie the account to an authenticator.
	const enrollPassword = page.getByLabel('Salasana', { exact: true });
	await enrollPassword.fill('toinen-avain-2027');
	await page.getByRole('button', { name: 'Ota käyttöön' }).click();
	await page.waitForURL((url) => url.search === '?/totpConfirm');
	await expect(page.getByText('Koodi on väärin tai vanhentunut. Kokeile')).toBeVisible();
	// The same key again, so the app already set up still fits.
	await expect(page.getByTestId('totp-key')).toHaveText(keyText.match(/.{4}/g)!.join(' '));
	await checkA11y('wrong code');
	await page.getByLabel('Koodi', { exact: true }).fill(generateTOTP(key, 30, 6));
	await enrollPassword.fill('toinen-avain-2027');
	await page.getByRole('button', { name: 'Ota käyttöön' }).click();
	await expect(page.getByRole('list', { name: 'Varakoodit' }).getByRole('listitem')).toHaveCount(
		10
	);

	await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
	await page.waitForURL((url) => url.pathname === '/staff/login');
	await signIn('toinen-avain-2027');
	await page.waitForURL((url) => url.pathname === '/staff/login/code');
	await checkA11y('code step');
	// The next step's code: the one that enrolled the app is spent.
	await page.getByLabel('Koodi', { exact: true }).fill(nextCode(key));
	await page.getByRole('button', { name: 'Vahvista' }).click();
	await page.waitForURL((url) => url.pathname === '/staff');
	await expect(page.getByRole('heading', { level: 1, name: 'Etusivu' })).toBeVisible();
});
