import { expect, type Page } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import { localePath, type Locale } from '../support/data';
import { literal, pattern, t } from '../support/i18n';

export type SignupStatus = 'confirmed' | 'waitlisted';

/**
 * `/events/{slug}/registered`: where every accepted sign-up lands, one page for every outcome. It
 * shows no status of its own (the mail says what happened), only the event's situation.
 */
export class RegisteredPage {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck
	) {}

	/** The page's path, as the sign-up's redirect names it. */
	path(slug: string): string {
		return localePath(this.locale, `/events/${slug}/registered`);
	}

	/**
	 * A URL pattern for the landing page of `slug`, with no query. A fragment may follow: after the
	 * skip link the form posts from `…#main`, and browsers keep a fragment across a redirect whose
	 * location has none.
	 */
	url(slug: string): RegExp {
		return new RegExp(`^[^?#]+//[^/]+${literal(this.path(slug)).source}(#.*)?$`);
	}

	/** The event's situation as the page states it: seats left, or full with a waiting list. */
	situation(full: boolean): RegExp {
		if (full) return literal(t(this.locale, 'registered_event_full'));
		const many = pattern(this.locale, 'event_seats_left', ['count']).source.slice(1, -1);
		return new RegExp(
			`^(${many}|${literal(t(this.locale, 'event_seat_left')).source.slice(1, -1)})$`
		);
	}

	/**
	 * Waits for the landing page after a sign-up and checks, in the visitor's language, that it
	 * says where the details went and what to do if they do not arrive. `statuses` is what the
	 * caller expects the sign-up got; the page never says it, but a place in the queue means the
	 * event is full, and that the page must state.
	 */
	async expectLanded(
		slug: string,
		title: string,
		statuses: SignupStatus[] = ['confirmed']
	): Promise<void> {
		await this.page.waitForURL(this.url(slug));
		await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(
			t(this.locale, 'registered_title')
		);
		await expect(this.page.getByRole('status')).toHaveText(t(this.locale, 'registered_sent'));
		await expect(this.page.getByRole('heading', { level: 2, name: title })).toBeVisible();
		await expect(
			this.page.getByRole('link', { name: t(this.locale, 'registered_resend') })
		).toHaveAttribute('href', localePath(this.locale, '/manage'));
		const calendar = this.page.getByRole('link', { name: t(this.locale, 'calendar_add') });
		if (statuses.every((status) => status === 'waitlisted')) {
			await expect(this.page.locator('.situation')).toHaveText(this.situation(true));
		}
		// The calendar file is offered while seats are left; a full event's new sign-ups only queue,
		// and a place in the queue goes into no calendar (the last seat's holder has it by mail).
		const full =
			(await this.page.locator('.situation').textContent())?.trim() ===
			t(this.locale, 'registered_event_full');
		if (full) await expect(calendar).toHaveCount(0);
		else {
			await expect(calendar).toHaveAttribute(
				'href',
				localePath(this.locale, `/events/${slug}/calendar.ics`)
			);
		}
		await expect(this.page.locator('html')).toHaveAttribute('lang', this.locale);
		await this.checkA11y('registered');
	}
}
