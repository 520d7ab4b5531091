import type { Locator, Page, Response } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import { localePath, type Locale } from '../support/data';
import { t } from '../support/i18n';
import { hydrated } from './hydration';

/** `/`: the upcoming events, one card per event. */
export class EventsListPage {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		private readonly checkA11y: A11yCheck,
		private readonly javaScriptEnabled: boolean
	) {}

	async goto(): Promise<Response | null> {
		const response = await this.page.goto(localePath(this.locale, '/'));
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y('as loaded');
		return response;
	}

	text(key: string, params?: Record<string, string | number>): string {
		return t(this.locale, key, params);
	}

	/** The list item whose heading is the event's title. */
	card(title: string): Locator {
		return this.page
			.getByRole('listitem')
			.filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
	}

	/** The header's link that shows the same page in another language, named in that language. */
	languageLink(locale: Locale): Locator {
		const names: Record<Locale, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };
		return this.page
			.getByRole('navigation', { name: this.text('nav_language_label') })
			.getByRole('link', { name: names[locale], exact: true });
	}

	/** The link to English from Finnish, and to Finnish from the others. */
	get languageSwitch(): Locator {
		return this.languageLink(this.locale === 'fi' ? 'en' : 'fi');
	}
}
