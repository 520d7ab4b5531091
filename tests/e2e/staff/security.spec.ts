import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { request, type Page } from '@playwright/test';
import { uniqueEmail } from '../support/data';
import { clientAddressFor, type A11yCheck } from '../fixtures';
import { apiContext, apiCreateUser, apiSignIn } from './staff-api';
import { expect, STAFF_USERS, test } from './staff-fixtures';

const SESSION = 'ilmo_staff_session';

function addressOf(testInfo: { testId: string; retry: number }): string {
	return clientAddressFor(`${testInfo.testId}:${testInfo.retry}`);
}

/** The Finnish sign-in form, by hand: signInAs knows only the three shared accounts. */
async function signIn(page: Page, checkA11y: A11yCheck, user: { email: string; password: string }) {
	await page.goto('/staff/login');
	await checkA11y('sign-in form');
	await page.getByLabel('Sähköposti', { exact: true }).fill(user.email);
	await page.getByLabel('Salasana', { exact: true }).fill(user.password);
	await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
}

async function signOut(page: Page, checkA11y: A11yCheck) {
	await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
	await page.waitForURL((url) => url.pathname === '/staff/login');
	await checkA11y('signed out');
}

async function atDashboard(page: Page, checkA11y: A11yCheck) {
	await page.waitForURL((url) => url.pathname === '/staff');
	await expect(page.getByRole('heading', { level: 1, name: 'Etusivu' })).toBeVisible();
	await checkA11y('dashboard');
}

test.describe('with a staff session', () => {
	test.beforeEach(async ({ signInAs, page, checkA11y }) => {
		await signInAs('staff');
		await atDashboard(page, checkA11y);
	});

	test('the session cookie is HttpOnly, SameSite=Lax, path / and, on http, not Secure', async ({
		context,
		baseURL
	}, testInfo) => {
		const cookie = (await context.cookies()).find((c) => c.name === SESSION);
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });

		// The header itself, as the server wrote it.
		const api = await apiContext(baseURL!, addressOf(testInfo));
		const response = await api.post('/staff/login', { form: STAFF_USERS.staff });
		const header = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie');
		expect(header?.value).toMatch(new RegExp(`^${SESSION}=[a-z2-7]{32};`));
		expect(header?.value).toMatch(/; HttpOnly/i);
		expect(header?.value).toMatch(/; SameSite=Lax/i);
		expect(header?.value).toMatch(/; Path=\/(;|$)/i);
		expect(header?.value).not.toMatch(/; Secure/i);
		await api.dispose();
	});

	test('a session cookie copied before sign-out is worthless after it', async ({
		page,
		context,
		checkA11y,
		baseURL
	}, testInfo) => {
		const stolen = (await context.cookies()).find((c) => c.name === SESSION)!;
		await signOut(page, checkA11y);

		const thief = await apiContext(baseURL!, addressOf(testInfo));
		const replay = await thief.get('/staff', { headers: { cookie: `${SESSION}=${stolen.value}` } });
		expect(replay.status()).toBe(303);
		expect(replay.headers()['location']).toMatch(/^\/staff\/login/);
		await thief.dispose();

		// In a browser too: the old cookie put back leads to the sign-in page, not the dashboard.
		await context.addCookies([stolen]);
		await page.goto('/staff');
		await expect(page).toHaveURL(/\/staff\/login\?next=%2Fstaff$/);
		await checkA11y('sign-in after replay');
	});

	test('public pages set no cookie while a staff session exists', async ({
		page,
		context,
		checkA11y
	}) => {
		for (const path of ['/', '/en', '/privacy']) {
			const response = await page.goto(path);
			await checkA11y(path);
			expect(response!.headers()['set-cookie'], path).toBeUndefined();
		}
		// The browser still holds exactly the one cookie the sign-in set.
		expect((await context.cookies()).map((c) => c.name)).toEqual([SESSION]);
	});
});

test('five wrong passwords stop even the right one for a while', async ({
	page,
	checkA11y,
	baseURL
}, testInfo) => {
	const user = await apiCreateUser(baseURL!, addressOf(testInfo), {
		email: uniqueEmail('throttle'),
		displayName: 'Terttu Testaaja',
		role: 'staff',
		password: 'oikea-salasana-2026'
	});
	await page.goto('/staff/login');
	await checkA11y('sign-in form');
	const alert = page.getByRole('alert');
	const attempt = async (password: string) => {
		await page.getByLabel('Sähköposti', { exact: true }).fill(user.email);
		await page.getByLabel('Salasana', { exact: true }).fill(password);
		const answered = page.waitForResponse(
			(r) => r.request().method() === 'POST' && r.url().includes('/staff/login')
		);
		await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
		await answered;
	};
	for (let i = 0; i < 5; i++) {
		await attempt(`vaara-salasana-${i}-2026`);
		await expect(alert).toHaveText('Sähköposti tai salasana on väärin.');
	}
	await attempt(user.password);
	await expect(alert).toContainText('Liian monta epäonnistunutta yritystä');
	await expect(page).toHaveURL(/\/staff\/login$/);
	await checkA11y('throttled');
});

test('a form posted to the sign-in from another site is refused', async ({ baseURL }, testInfo) => {
	const foreign = await request.newContext({
		baseURL,
		maxRedirects: 0,
		extraHTTPHeaders: {
			'x-forwarded-for': addressOf(testInfo),
			origin: 'https://evil.example',
			accept: 'text/html'
		}
	});
	const response = await foreign.post('/staff/login', { form: STAFF_USERS.staff });
	expect(response.status()).toBe(403);
	expect(response.headers()['set-cookie']).toBeUndefined();
	await foreign.dispose();
});

test('a user turns on TOTP and then signs in with a code or a recovery code', async ({
	page,
	checkA11y,
	baseURL
}, testInfo) => {
	// Five sign-ins and a dozen axe checks in one journey.
	test.setTimeout(2 * 120_000);
	const user = await apiCreateUser(baseURL!, addressOf(testInfo), {
		email: uniqueEmail('totp'),
		displayName: 'Tuuli Tunnistautuja',
		role: 'staff',
		password: 'kaksi-vaihetta-2026'
	});
	await signIn(page, checkA11y, user);
	await atDashboard(page, checkA11y);
	await page.getByRole('link', { name: 'Oma tili' }).click();
	await page.waitForURL((url) => url.pathname === '/staff/account');
	await checkA11y('account');

	await page.getByRole('button', { name: 'Ota kaksivaiheinen tunnistautuminen käyttöön' }).click();
	await page.waitForURL((url) => url.search === '?/totpStart');
	await expect(page.getByRole('img', { name: 'QR-koodi todennussovellukselle' })).toBeVisible();
	await checkA11y('enrollment');
	const key = decodeBase32IgnorePadding(
		(await page.getByTestId('totp-key').textContent())!.replace(/\s/g, '')
	);
	const codeField = page.getByLabel('Koodi', { exact: true });
	const step = Math.floor(Date.now() / 30_000);
	const valid = [-1, 0, 1, 2].map((offset) => generateHOTP(key, BigInt(step + offset), 6));
	await codeField.fill(['111111', '222222'].find((c) => !valid.includes(c))!);
	// The password too: a session alone must not be able to tie the account to an authenticator.
	const enrollPassword = page.getByLabel('Salasana', { exact: true });
	await enrollPassword.fill(user.password);
	await page.getByRole('button', { name: 'Ota käyttöön' }).click();
	await expect(page.getByText('Koodi on väärin tai vanhentunut. Kokeile')).toBeVisible();
	await checkA11y('wrong enrollment code');
	await codeField.fill(generateTOTP(key, 30, 6));
	await enrollPassword.fill(user.password);
	await page.getByRole('button', { name: 'Ota käyttöön' }).click();
	const codes = page.getByRole('list', { name: 'Varakoodit' }).getByRole('listitem');
	await expect(codes).toHaveCount(10);
	const recoveryCodes = await codes.allTextContents();
	await expect(page.getByText('Käyttämättömiä varakoodeja: 10.')).toBeVisible();
	await checkA11y('recovery codes');
	await signOut(page, checkA11y);

	// The password alone now leads to the code step, and no further.
	await signIn(page, checkA11y, user);
	await page.waitForURL((url) => url.pathname === '/staff/login/code');
	await checkA11y('code step');
	await page.goto('/staff');
	await expect(page).toHaveURL(/\/staff\/login\/code$/);
	await checkA11y('code step after trying the dashboard');
	// The next step's code: the one that enrolled the app is spent.
	await page
		.getByLabel('Koodi', { exact: true })
		.fill(generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6));
	await page.getByRole('button', { name: 'Vahvista' }).click();
	await atDashboard(page, checkA11y);
	await signOut(page, checkA11y);

	// A recovery code works once.
	for (const expectPass of [true, false]) {
		await signIn(page, checkA11y, user);
		await page.waitForURL((url) => url.pathname === '/staff/login/code');
		await checkA11y('code step');
		await page.getByLabel('Koodi', { exact: true }).fill(recoveryCodes[0]!.trim());
		await page.getByRole('button', { name: 'Vahvista' }).click();
		if (expectPass) {
			await atDashboard(page, checkA11y);
			await signOut(page, checkA11y);
		} else {
			await expect(page.getByRole('alert')).toHaveText('Koodi on väärin tai vanhentunut.');
			await checkA11y('spent recovery code');
			await page.getByRole('button', { name: 'Peruuta ja kirjaudu ulos' }).click();
			await page.waitForURL((url) => url.pathname === '/staff/login');
			await checkA11y('cancelled at the code step');
		}
	}
});

test('an admin adds a user with a generated password, and disabling them ends their session', async ({
	signInAs,
	page,
	checkA11y,
	baseURL
}, testInfo) => {
	await signInAs('admin');
	await atDashboard(page, checkA11y);
	// Users sits in the Admin menu (with the brand page): open it first.
	await page.locator('nav summary', { hasText: 'Ylläpito' }).click();
	await page.getByRole('link', { name: 'Käyttäjät' }).click();
	await page.waitForURL((url) => url.pathname === '/staff/users');
	await checkA11y('users');

	const email = uniqueEmail('generated');
	await page.getByLabel('Sähköposti', { exact: true }).fill(email);
	await page.getByLabel('Nimi', { exact: true }).fill('Uuno Uusi');
	await page.getByLabel('Rooli').selectOption('door');
	await page.getByRole('button', { name: 'Lisää käyttäjä' }).click();
	await expect(page.getByRole('status')).toContainText(email);
	const password = (await page.getByTestId('generated-password').textContent())!;
	expect(password).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){4}$/);
	await expect(page.getByRole('row', { name: /Uuno Uusi/ })).toContainText('ovi');
	await checkA11y('user created');

	const newcomer = await apiContext(baseURL!, addressOf(testInfo));
	await apiSignIn(newcomer, { email, password });
	expect((await newcomer.get('/staff')).status()).toBe(200);

	await page.getByRole('link', { name: 'Uuno Uusi' }).click();
	await page.waitForURL((url) => /^\/staff\/users\/[0-9a-f-]{36}$/.test(url.pathname));
	await checkA11y('user page');
	await page.getByRole('button', { name: 'Poista tili käytöstä' }).click();
	await expect(page.getByRole('status')).toHaveText('Tili on poistettu käytöstä.');
	await checkA11y('user disabled');
	const after = await newcomer.get('/staff');
	expect(after.status()).toBe(303);
	expect(after.headers()['location']).toMatch(/^\/staff\/login/);
	await newcomer.dispose();

	// The admin's own entry offers no way to lock themselves out.
	await page.locator('nav summary', { hasText: 'Ylläpito' }).click();
	await page.getByRole('link', { name: 'Käyttäjät' }).click();
	await page.getByRole('link', { name: STAFF_USERS.admin.displayName }).click();
	await page.waitForURL((url) => /^\/staff\/users\/[0-9a-f-]{36}$/.test(url.pathname));
	await checkA11y('own user page');
	await expect(page.getByRole('button', { name: 'Poista tili käytöstä' })).toHaveCount(0);
});
