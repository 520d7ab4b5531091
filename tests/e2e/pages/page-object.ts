import type { Page } from '@playwright/test';
import type { A11yCheck } from '../fixtures';
import type { Locale } from '../support/data';
import { t } from '../support/i18n';

/** A page object in one language, with JavaScript on or off, that audits each page it shows. */
export class PageObject {
	constructor(
		readonly page: Page,
		readonly locale: Locale,
		protected readonly checkA11y: A11yCheck,
		protected readonly javaScriptEnabled: boolean
	) {}

	/** A message in the page's language. */
	text(key: string, params?: Record<string, string | number>): string {
		return t(this.locale, key, params);
	}
}
