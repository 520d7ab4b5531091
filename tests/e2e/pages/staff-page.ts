import type { Locator, Response } from '@playwright/test';
import { localePath } from '../support/data';
import { press } from './form-post';
import { hydrated } from './hydration';
import { PageObject } from './page-object';
import { labelledField } from './person-fields';

/**
 * What the staff page objects share: messages in the page's language, fields found by their
 * labels as a staff member finds them, and every page shown checked once it has settled.
 */
export class StaffPage extends PageObject {
	/** Waits for hydration, then audits the page as `state`. */
	async settle(state: string): Promise<void> {
		await hydrated(this.page, this.javaScriptEnabled);
		await this.checkA11y(state);
	}

	/** Opens `path` in the page's language and audits it. */
	async goto(path: string, state = 'as loaded'): Promise<Response | null> {
		const response = await this.page.goto(localePath(this.locale, path));
		await this.settle(state);
		return response;
	}

	/** A field by the message that labels it; see `labelledField`. */
	labelled(key: string): Locator {
		return labelledField(this.page, this.locale, key);
	}

	/** Clicks a button; without JavaScript, resolves with the response to the form POST. */
	async pressButton(button: Locator, options: { focus?: boolean } = {}): Promise<Response | null> {
		return press(this.page, button, this.javaScriptEnabled, options);
	}

	/** A status message with `key`'s text. */
	notice(key: string, params?: Record<string, string | number>): Locator {
		return this.page.getByRole('status').filter({ hasText: this.text(key, params) });
	}
}
