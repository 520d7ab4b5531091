import { expect, type Locator, type Page, type Response } from '@playwright/test';
import { localePath } from '../support/data';
import { literal } from '../support/i18n';
import { documentPost } from './form-post';
import { PersonFormPage } from './person-form-page';
import { FIELDS, type FieldName } from './person-fields';

export { FIELDS, type FieldErrorKey, type FieldName, type SignupValues } from './person-fields';

/** `/events/{slug}`: the event and its sign-up form, found the way a visitor finds them, by label. */
export class EventPage extends PersonFormPage<FieldName> {
	protected readonly names = FIELDS;

	protected get formScope(): Page {
		return this.page;
	}

	path(slug: string): string {
		return localePath(this.locale, `/events/${slug}`);
	}

	async goto(slug: string): Promise<Response | null> {
		// The event page ships no JavaScript (csr = false): nothing to wait for once it has loaded.
		// The journeys run it only without JavaScript, which holds while it has no script to run.
		const response = await this.page.goto(this.path(slug));
		// Data for search engines (JSON-LD) is no script a browser runs.
		await expect(
			this.page.locator('script:not([type="application/ld+json"])'),
			'scripts on the event page'
		).toHaveCount(0);
		await this.checkA11y('as loaded');
		return response;
	}

	get heading(): Locator {
		return this.page.getByRole('heading', { level: 1 });
	}

	get form(): Locator {
		return this.page.getByRole('form', { name: this.text('signup_title') });
	}

	/** The form's button: "Sign up", or on a full event "Join the waiting list". */
	get submitButton(): Locator {
		const names = ['signup_submit', 'signup_submit_waitlist'].map(
			(key) => literal(this.text(key)).source
		);
		return this.form.getByRole('button', { name: new RegExp(`^(${names.join('|')})$`) });
	}

	/** The badge that says how the seats stand. */
	get seatsBadge(): Locator {
		return this.page.getByRole('article').locator('.badge');
	}

	/** The news-by-email box: its short label names it, the exact wording describes it. */
	get newsBox(): Locator {
		return this.form.getByRole('checkbox', { name: this.text('field_news_by_email'), exact: true });
	}

	/** Whether the page, at its current width, scrolls sideways. */
	async scrollsSideways(): Promise<boolean> {
		return this.page.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		);
	}

	/**
	 * Clicks the button and resolves with the response to the form POST: the page has no script, so
	 * the browser posts the form itself whether or not JavaScript is on.
	 */
	async submit(): Promise<Response | null> {
		return documentPost(this.page, this.submitButton);
	}
}
