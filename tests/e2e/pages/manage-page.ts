import { expect, type Locator, type Page, type Response } from '@playwright/test';
import { localePath } from '../support/data';
import { documentPost, press } from './form-post';
import { hydrated } from './hydration';
import { PageObject } from './page-object';
import { PersonFormPage } from './person-form-page';
import { DETAILS_FIELDS, type DetailsField } from './person-fields';

/** The token in a manage link, which is the last segment of its path. */
export function tokenOf(link: URL): string {
	const token = link.pathname.split('/').pop();
	if (!token) throw new Error(`no token in ${link.href}`);
	return token;
}

/** `/manage/{token}`: the registrant's own page, reached from the link in every email. */
export class ManagePage extends PersonFormPage<DetailsField> {
	protected readonly names = DETAILS_FIELDS;

	protected get formScope(): Locator {
		return this.details;
	}

	path(token: string, search = ''): string {
		return localePath(this.locale, `/manage/${token}`) + search;
	}

	/** Opens the page by token, checks that it is the manage page in this language, and audits it. */
	async goto(token: string, state = 'as loaded'): Promise<Response | null> {
		const response = await this.page.goto(this.path(token));
		await this.expectShown(state);
		return response;
	}

	/** Loads the page again from the server, without re-posting a form the page came from. */
	async reload(token: string, state = 'reloaded'): Promise<Response | null> {
		if (this.javaScriptEnabled) {
			const response = await this.page.reload();
			await this.expectShown(state);
			return response;
		}
		// Without JavaScript the URL is the action's (`?/details`); reloading would post again.
		return this.goto(token, state);
	}

	async expectShown(state: string): Promise<void> {
		await hydrated(this.page, this.javaScriptEnabled);
		await expect(this.page.locator('html')).toHaveAttribute('lang', this.locale);
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(
			this.text('manage_title')
		);
		await this.checkA11y(state);
	}

	get registrations(): Locator {
		return this.page.getByRole('region', { name: this.text('manage_registrations') });
	}

	/** One registration's card, by the event's title. */
	registration(title: string): Locator {
		return this.registrations
			.getByRole('listitem')
			.filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
	}

	/** The value beside a term on a registration's card, e.g. its status. */
	fact(title: string, termKey: string): Locator {
		return this.registration(title)
			.getByRole('term')
			.filter({ hasText: this.text(termKey) })
			.locator('xpath=following-sibling::dd[1]');
	}

	async expectStatus(title: string, status: 'confirmed' | 'waitlisted', rank?: number) {
		await expect(this.fact(title, 'manage_status')).toHaveText(
			status === 'confirmed'
				? this.text('manage_status_confirmed')
				: this.text('manage_status_waitlisted', { rank: rank ?? '?' })
		);
	}

	cancelLink(title: string): Locator {
		return this.page.getByRole('link', {
			name: this.text('manage_cancel_link', { title }),
			exact: true
		});
	}

	get details(): Locator {
		return this.page.getByRole('region', { name: this.text('manage_details') });
	}

	get saveButton(): Locator {
		return this.details.getByRole('button', { name: this.text('manage_save'), exact: true });
	}

	async save(): Promise<Response | null> {
		return press(this.page, this.saveButton, this.javaScriptEnabled, { focus: true });
	}

	get savedNotice(): Locator {
		return this.details.getByRole('status').filter({ hasText: this.text('manage_saved') });
	}

	get cancelledNotice(): Locator {
		return this.page.getByRole('status').filter({ hasText: this.text('manage_cancelled_notice') });
	}

	get downloadLink(): Locator {
		return this.page.getByRole('link', { name: this.text('manage_download_link'), exact: true });
	}

	/** "Manage marketing": the withdraw and forbid buttons wait behind it. */
	get marketingChoices(): Locator {
		return this.page.locator('#marketing details');
	}

	get marketingSummary(): Locator {
		return this.marketingChoices.locator('summary');
	}

	marketingButton(key: string): Locator {
		return this.page.getByRole('button', { name: this.text(key), exact: true });
	}
}

/** Phone widths every public page must fit without scrolling sideways. */
export const PHONE_WIDTHS = [320, 390] as const;

/**
 * At each phone width: the document scrolls no wider than the screen, and no card (a registration)
 * is wider than its box or sticks out of the screen. Restores the viewport afterwards.
 */
export async function expectFitsPhones(page: Page, state: string): Promise<void> {
	const before = page.viewportSize();
	for (const width of PHONE_WIDTHS) {
		await page.setViewportSize({ width, height: 800 });
		const overflow = await page.evaluate(() => {
			const screen = document.documentElement.clientWidth;
			const wide = [...document.querySelectorAll<HTMLElement>('.card, main')]
				.filter(
					(el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > screen
				)
				.map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px`);
			return { document: document.documentElement.scrollWidth, screen, wide };
		});
		expect(overflow, `${state} at ${width} px`).toEqual({
			document: overflow.screen,
			screen: overflow.screen,
			wide: []
		});
	}
	if (before) await page.setViewportSize(before);
}

/** `/manage`: "send me my link again", one email field. */
export class ManageLinkPage extends PageObject {
	path(): string {
		return localePath(this.locale, '/manage');
	}

	async goto(): Promise<Response | null> {
		const response = await this.page.goto(this.path());
		await this.expectShown('as loaded');
		return response;
	}

	async expectShown(state: string): Promise<void> {
		await expect(this.page.locator('html')).toHaveAttribute('lang', this.locale);
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(
			this.text('manage_link_title')
		);
		await this.checkA11y(state);
	}

	get email(): Locator {
		return this.page.getByLabel(this.text('field_email'), { exact: true });
	}

	get submitButton(): Locator {
		return this.page.getByRole('button', { name: this.text('manage_link_submit'), exact: true });
	}

	/** Types the address and sends the form (a plain POST: the page ships no script). */
	async ask(email: string): Promise<Response> {
		await this.email.fill(email);
		return documentPost(this.page, this.submitButton);
	}

	sentNotice(email: string): Locator {
		return this.page
			.getByRole('status')
			.filter({ hasText: this.text('manage_link_sent', { email }) });
	}
}

/** `/manage/{token}/cancel/{registrationId}`: the step that asks before cancelling. */
export class CancelPage extends PageObject {
	/** The page asks about this event, warns what cancelling means, and is audited. */
	async expectShown(title: string, status: 'confirmed' | 'waitlisted'): Promise<void> {
		await expect(this.page).toHaveURL(/\/manage\/[a-z0-9]+\/cancel\/[0-9a-f-]{36}$/);
		await hydrated(this.page, this.javaScriptEnabled);
		await expect(this.page.locator('html')).toHaveAttribute('lang', this.locale);
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(
			this.text('cancel_title')
		);
		await expect(this.page.getByRole('heading', { level: 2 })).toHaveText(title);
		await expect(
			this.page.getByText(
				this.text(status === 'confirmed' ? 'cancel_confirmed_warning' : 'cancel_waitlisted_warning')
			)
		).toBeVisible();
		await expect(this.keepLink).toBeVisible();
		await this.checkA11y('asking to confirm');
	}

	get confirmButton(): Locator {
		return this.page.getByRole('button', { name: this.text('cancel_confirm'), exact: true });
	}

	get keepLink(): Locator {
		return this.page.getByRole('link', { name: this.text('cancel_keep'), exact: true });
	}

	/** The form is a plain POST with or without JavaScript; resolves with that response. */
	async confirm(): Promise<Response> {
		return documentPost(this.page, this.confirmButton);
	}
}
