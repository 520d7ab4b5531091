import { expect, type Page } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import { localePath, type Locale } from '../support/data';
import { literal, t } from '../support/i18n';

export type SignupStatus = 'confirmed' | 'waitlisted';

/** `/events/{slug}/registered?status=…`: where a successful sign-up lands. */
export class RegisteredPage {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck
	) {}

	/**
	 * A URL pattern for the landing page of `slug` with any of the given statuses. A fragment may
	 * follow: after the skip link the form posts from `…#main`, and browsers keep a fragment
	 * across a redirect whose location has none.
	 */
	urlFor(slug: string, statuses: SignupStatus[]): RegExp {
		const path = literal(localePath(this.locale, `/events/${slug}/registered`)).source;
		return new RegExp(`^[^?#]+//[^/]+${path}\\?status=(${statuses.join('|')})(#.*)?$`);
	}

	/**
	 * Waits for the landing page after a sign-up, checks that it says what happened in the
	 * visitor's language, and returns the status it reports.
	 */
	async expectLanded(
		slug: string,
		title: string,
		statuses: SignupStatus[] = ['confirmed']
	): Promise<SignupStatus> {
		await this.page.waitForURL(this.urlFor(slug, statuses));
		const status = new URL(this.page.url()).searchParams.get('status') as SignupStatus;
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(
			t(this.locale, `registered_title_${status}`)
		);
		await expect(this.page.getByRole('status')).toHaveText(
			t(this.locale, `registered_${status}`, { title })
		);
		await expect(this.page.locator('html')).toHaveAttribute('lang', this.locale);
		await this.checkA11y(status);
		return status;
	}
}
