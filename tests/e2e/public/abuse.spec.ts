import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { expect, test } from '../fixtures';
import type { FieldName } from '../pages/event-page';
import {
	CLOSED_EVENT,
	FUZZ_EVENT,
	LOCALES,
	OPEN_HOUSE,
	localePath,
	titleOf,
	uniqueEmail,
	type Locale
} from '../support/data';
import { postSignup } from '../support/forms';
import { literal, pattern, t } from '../support/i18n';
import { mailTo, manageLink, waitForMail } from '../support/mailbox';

/** Sign-ups allowed per address and window in the suite (tests/e2e/support/server.ts). */
const SIGNUP_LIMIT = 30;
/** The limit counts in fixed windows of this length from the epoch (ILMO_RATE_LIMIT_SIGNUPS). */
const RATE_WINDOW_MS = 10 * 60_000;
const PERSON = { firstName: 'Tuomas', lastName: 'Niemi', phone: '' };

/**
 * Signs `email` up for the open house the honest way and checks that its confirmation is the only
 * message the address ever got. The outbox sends in order, so any message that an earlier, refused
 * attempt had queued would already be there; had that attempt stored a registration for the open
 * house, this one would be a duplicate and get "already registered" instead.
 */
async function expectNothingStored(
	request: Parameters<typeof postSignup>[0],
	baseURL: string,
	email: string,
	locale: Locale = 'fi'
) {
	const control = await postSignup(request, baseURL, OPEN_HOUSE, { ...PERSON, email }, { locale });
	expect(control.status()).toBe(303);
	const [mail] = await waitForMail(email);
	expect(mail!.subject).toBe(
		t(locale, 'mail_confirmed_subject', { title: titleOf(OPEN_HOUSE, locale) })
	);
	expect(mailTo(email)).toHaveLength(1);
}

/** The rate limit's message, whatever number of minutes it names. */
function rateLimited(locale: Locale): RegExp {
	return new RegExp(pattern(locale, 'error_rate_limited', ['minutes']).source.slice(1, -1));
}

/**
 * The limit counts in fixed windows; a burst that straddled two would be counted as two bursts.
 * Unless `needMs` of the current window are left, waiting for the next one is cheaper than a flaky
 * test.
 */
async function awayFromWindowEdge(needMs: number) {
	const left = RATE_WINDOW_MS - (Date.now() % RATE_WINDOW_MS);
	if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 500));
}

test.describe('the honeypot', () => {
	for (const locale of LOCALES) {
		test(`a filled honeypot gets the normal redirect, and nothing is stored or sent (${locale})`, async ({
			request,
			baseURL
		}) => {
			const email = uniqueEmail(`honeypot-${locale}`);
			const response = await postSignup(
				request,
				baseURL!,
				OPEN_HOUSE,
				{ ...PERSON, email, fax_number: '+358 9 1234 5678' },
				{ locale }
			);
			expect(response.status()).toBe(303);
			expect(response.headers()['location']).toBe(
				localePath(locale, `/events/${OPEN_HOUSE}/registered`)
			);
			await expectNothingStored(request, baseURL!, email, locale);
		});
	}

	test.describe('with JavaScript off', () => {
		test.use({ javaScriptEnabled: false });

		test('people neither see nor reach it', async ({ eventPage, page }) => {
			const event = eventPage('fi');
			await event.goto(OPEN_HOUSE);
			const input = event.form.locator('input[name="fax_number"]');
			await expect(input).toHaveCount(1);
			await expect(input).toHaveAttribute('tabindex', '-1');
			await expect(input).not.toBeInViewport();
			await expect(input.locator('xpath=ancestor::*[@aria-hidden="true"]')).toHaveCount(1);
			// Hidden from assistive technology, so not a field a screen-reader user is asked to fill.
			await expect(page.getByRole('textbox', { name: t('fi', 'honeypot_label') })).toHaveCount(0);
		});
	});
});

test.describe('the rate limit', () => {
	// The event page ships no script (csr = false): without JavaScript is the only path there is.
	test.use({ javaScriptEnabled: false, expectedErrorStatuses: [429] });

	test(`typing errors count for nothing: after 20 typos ${SIGNUP_LIMIT} sign-ups from one address are stored, the next is refused with 429 and the form keeps what was typed`, async ({
		request,
		baseURL,
		eventPage,
		page,
		checkA11y
	}) => {
		test.setTimeout(5 * 60_000);
		// Every request that must share one window comes before the slow wait for mail: a CI run once
		// crossed into the next window while polling the mailbox, and the browser was let through.
		await awayFromWindowEdge(2 * 60_000);
		// A stand tablet or an office behind one address: typos must not lock it out.
		for (let i = 0; i < 20; i++) {
			const typo = { ...PERSON, email: `tuomas.niemi.${i}@example` };
			const response = await postSignup(request, baseURL!, OPEN_HOUSE, typo);
			expect(response.status(), `typo ${i + 1}`).toBe(400);
		}
		// The roomy fuzz event takes the sign-ups, so the open house keeps its seats for others.
		const emails = Array.from({ length: SIGNUP_LIMIT }, (_, i) => uniqueEmail(`limit-${i}`));
		for (const [i, email] of emails.entries()) {
			const response = await postSignup(request, baseURL!, FUZZ_EVENT, { ...PERSON, email });
			expect(response.status(), `sign-up ${i + 1}`).toBe(303);
		}
		const refused = await postSignup(request, baseURL!, OPEN_HOUSE, {
			...PERSON,
			email: uniqueEmail('limited-raw')
		});
		expect(refused.status()).toBe(429);
		expect(await refused.text()).toMatch(rateLimited('fi'));

		// The browser shares the test's address (fixtures.ts), which has no sign-ups left.
		for (const locale of LOCALES) {
			const event = eventPage(locale);
			await event.goto(OPEN_HOUSE);
			const typed = { ...PERSON, email: uniqueEmail(`limited-${locale}`), phone: '040 111 2233' };
			await event.fill(typed);
			const response = await event.submit();
			expect(response!.status()).toBe(429);
			await expect(event.form.getByRole('alert')).toHaveText(rateLimited(locale));
			for (const [name, value] of Object.entries(typed)) {
				await expect(event.field(name as FieldName)).toHaveValue(value);
			}
			await checkA11y(`rate limited (${locale})`);
			await expect(page).toHaveURL(new RegExp(`${literal(event.path(OPEN_HOUSE)).source}$`));
		}

		await expect
			.poll(() => emails.filter((email) => mailTo(email).length === 0).length, {
				message: 'sign-ups without a confirmation',
				// 30 mails through the outbox on a loaded 2-core CI machine took over 30 s once.
				timeout: 90_000
			})
			.toBe(0);
	});
});

test.describe('with JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('a second sign-up with the same email looks the same, stores nothing, and the mail says so', async ({
		eventPage,
		registeredPage,
		request
	}) => {
		const title = titleOf(OPEN_HOUSE, 'fi');
		const event = eventPage('fi');
		const email = uniqueEmail('duplicate');
		const locations: string[] = [];
		// The second time in other letter case and with spaces: the same address all the same.
		for (const typed of [email, `  ${email.toUpperCase()} `]) {
			await event.goto(OPEN_HOUSE);
			await event.fill({ ...PERSON, email: typed });
			const response = await event.submit();
			expect(response!.status()).toBe(303);
			locations.push(response!.headers()['location']!);
			await registeredPage('fi').expectLanded(OPEN_HOUSE, title);
		}
		expect(locations[1]).toBe(locations[0]);

		const [confirmation, already] = await waitForMail(email, 2);
		expect(confirmation!.subject).toBe(t('fi', 'mail_confirmed_subject', { title }));
		expect(already!.subject).toBe(t('fi', 'mail_already_subject', { title }));
		expect(already!.text).toContain(t('fi', 'mail_already_body_confirmed'));
		const link = manageLink(already!);
		const file = await request.get(`${link.pathname}/data.json`);
		const exported = (await file.json()) as { registrations: { status: string }[] };
		expect(exported.registrations).toHaveLength(1);
		expect(exported.registrations[0]!.status).toBe('confirmed');
		expect(mailTo(email)).toHaveLength(2);
	});
});

test.describe('outside the registration window', () => {
	for (const locale of LOCALES) {
		test(`a sign-up is refused with 409 and nothing is stored (${locale})`, async ({
			request,
			baseURL
		}) => {
			const email = uniqueEmail(`closed-${locale}`);
			const response = await postSignup(
				request,
				baseURL!,
				CLOSED_EVENT,
				{ ...PERSON, email },
				{ locale }
			);
			expect(response.status()).toBe(409);
			expect(await response.text()).toContain(t(locale, 'error_closed'));
			await expectNothingStored(request, baseURL!, email, locale);
		});
	}
});

/** A POST whose body is streamed without a declared length, as a chunked upload is. */
function postChunked(url: string, body: string, headers: Record<string, string>) {
	return new Promise<number>((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		// The server may answer and close before reading everything it was sent; the answer counts.
		req.on('error', reject);
		const chunk = 8 * 1024;
		for (let i = 0; i < body.length; i += chunk) req.write(body.slice(i, i + chunk));
		req.end();
	});
}

test.describe('oversized, cross-site and padded posts', () => {
	for (const locale of LOCALES) {
		test(`a body over 64 KB gets 413 (${locale})`, async ({ request, baseURL }) => {
			const email = uniqueEmail(`oversize-${locale}`);
			const response = await postSignup(
				request,
				baseURL!,
				OPEN_HOUSE,
				{ ...PERSON, email, firstName: 'x'.repeat(70 * 1024) },
				{ locale }
			);
			expect(response.status()).toBe(413);
			expect(await response.text()).toBe(t(locale, 'error_body_too_large'));
			await expectNothingStored(request, baseURL!, email, locale);
		});
	}

	test('a streamed body without a length is measured as it arrives', async ({
		baseURL,
		extraHTTPHeaders
	}) => {
		const url = `${baseURL}${localePath('fi', `/events/${OPEN_HOUSE}`)}`;
		const headers = {
			...extraHTTPHeaders,
			origin: new URL(baseURL!).origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		};
		const padding = (size: number) => `firstName=&lastName=&email=&city=${'y'.repeat(size)}`;
		expect(await postChunked(url, padding(70 * 1024), headers)).toBe(413);
		// Just under the limit it is an ordinary, invalid sign-up.
		expect(await postChunked(url, padding(60 * 1024), headers)).toBe(400);
	});

	test('a form posted from another site is refused with 403', async ({ request, baseURL }) => {
		const email = uniqueEmail('cross-site');
		const response = await postSignup(
			request,
			baseURL!,
			OPEN_HOUSE,
			{ ...PERSON, email },
			{ origin: 'http://evil.example' }
		);
		expect(response.status()).toBe(403);
		await expectNothingStored(request, baseURL!, email);
	});

	test('fields the form does not have are ignored and never stored', async ({
		request,
		baseURL
	}) => {
		const email = uniqueEmail('unknown-fields');
		const response = await postSignup(request, baseURL!, OPEN_HOUSE, {
			...PERSON,
			email,
			isAdmin: 'yes',
			status: 'waitlisted',
			checkedInAt: '2020-01-01T00:00:00Z',
			personId: randomUUID(),
			eventId: randomUUID()
		});
		expect(response.status()).toBe(303);
		expect(response.headers()['location']).toBe(`/events/${OPEN_HOUSE}/registered`);

		const [mail] = await waitForMail(email);
		expect(mail!.subject).toBe(
			t('fi', 'mail_confirmed_subject', { title: titleOf(OPEN_HOUSE, 'fi') })
		);
		expect(`${mail!.text}\n${mail!.html}`).not.toMatch(/isAdmin|2020-01-01/);
		const file = await request.get(`${manageLink(mail!).pathname}/data.json`);
		const body = await file.text();
		expect(body).not.toMatch(/isAdmin|eventId|personId|2020-01-01/);
		const exported = JSON.parse(body) as { registrations: Record<string, unknown>[] };
		expect(exported.registrations).toEqual([
			expect.objectContaining({ status: 'confirmed', checkedInAt: null, email })
		]);
	});
});
