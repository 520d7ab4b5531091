import type { Locator, Response } from '@playwright/test';
import { StaffPage } from '../pages/staff-page';
import { uniqueWord } from '../support/data';
import { literal } from '../support/i18n';
import { withAndWithoutJavaScript } from '../fixtures';
import { downloadCsv } from '../support/downloads';
import { expect, STAFF_USERS, test } from './staff-fixtures';

/** A demo contact (src/lib/server/demo/contacts.ts); no other test records decisions about her. */
const RIIKKA = {
	firstName: 'Riikka',
	lastName: 'Rannikko',
	email: 'riikka.rannikko@saaristologistiikka.fi'
};

/** The permission pages, found by labels and roles as a staff member finds them. */
class Permissions extends StaffPage {
	get channel(): Locator {
		return this.page.getByLabel(this.text('permissions_field_channel'), { exact: true });
	}

	get note(): Locator {
		return this.page.getByLabel(this.text('permissions_field_note'), { exact: true });
	}

	/** A decision radio; its label carries a hint after the choice itself. */
	decision(key: string): Locator {
		return this.page.getByRole('radio', {
			name: new RegExp(`^${literal(this.text(key)).source}`)
		});
	}

	/** Sends the decision form; without JavaScript, waits for the response to the form POST. */
	async submit(): Promise<Response | null> {
		const button = this.page.getByRole('button', {
			name: this.text('permissions_record_submit'),
			exact: true
		});
		return this.pressButton(button);
	}

	async record(channel: string, decisionKey: string, note: string): Promise<Response | null> {
		await this.channel.selectOption(channel);
		await this.decision(decisionKey).check();
		await this.note.fill(note);
		return this.submit();
	}

	/** Sends the list's GET form and waits for the list it asked for. */
	async show(q: string, filter: string, state: string) {
		await this.page.getByRole('searchbox', { name: this.text('permissions_search_label') }).fill(q);
		await this.page
			.getByLabel(this.text('permissions_filter_label'), { exact: true })
			.selectOption(filter);
		await this.page
			.getByRole('button', { name: this.text('permissions_search_submit'), exact: true })
			.click();
		await this.page.waitForURL(
			(url) =>
				url.searchParams.get('q') === q && (url.searchParams.get('filter') ?? 'all') === filter
		);
		await this.settle(state);
	}
}

withAndWithoutJavaScript(
	(javaScriptEnabled, locale) => {
		test(`staff record a prohibition, cannot grant over it, and the export leaves the person out (${locale})`, async ({
			signedInAs,
			page
		}) => {
			// Several pages and a download, each page audited by axe.
			test.setTimeout(2 * 90_000);
			const app = await signedInAs(Permissions, 'staff', locale);
			const tag = uniqueWord();
			const listName = `${RIIKKA.lastName}, ${RIIKKA.firstName}`;

			// Her row in the list leads to her history.
			await app.goto('/staff/permissions', 'permission list');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				app.text('permissions_title')
			);
			await app.show(RIIKKA.lastName, 'all', 'searched by name');
			const row = page.getByRole('row').filter({ hasText: listName });
			await expect(row).toHaveCount(1);
			await expect(row).toContainText(RIIKKA.email);
			await expect(row).toContainText('Saariston Logistiikka Oy');
			await row.getByRole('link', { name: listName }).click();
			await page.waitForURL(/\/staff\/permissions\/[0-9a-f-]{36}$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				app.text('permissions_person_title', { name: `${RIIKKA.firstName} ${RIIKKA.lastName}` })
			);
			await app.settle('her permissions');
			const personPath = new URL(page.url()).pathname;

			// She forbade all direct marketing on the phone.
			const prohibition = `kielsi puhelimessa ${tag}`;
			await app.record('all', 'permissions_choice_prohibited', prohibition);
			await page.waitForURL(
				(url) => url.pathname === personPath && url.searchParams.get('done') === 'recorded'
			);
			await expect(
				page.getByRole('status').filter({ hasText: app.text('permissions_done_recorded') })
			).toBeVisible();
			const entry = page.getByRole('row').filter({ hasText: prohibition });
			await expect(entry).toHaveCount(1);
			await expect(entry).toContainText(app.text('permissions_channel_all'));
			await expect(entry).toContainText(app.text('permissions_decision_prohibited'));
			await expect(entry).toContainText(app.text('permissions_source_staff'));
			await expect(entry).toContainText(STAFF_USERS.staff.displayName);
			const emailState = page.getByRole('row').filter({
				has: page.getByRole('rowheader', {
					name: app.text('permissions_channel_email'),
					exact: true
				})
			});
			await expect(emailState).toContainText(app.text('permissions_decision_prohibited'));
			await expect(emailState).toContainText(app.text('permissions_may_not_market'));
			await app.settle('prohibition recorded');

			// A permission to email her afterwards is refused, tied to the channel; the note stays.
			const grant = `kysyi puhelimessa uutiskirjeestä ${tag}`;
			const refused = await app.record('email', 'permissions_choice_granted', grant);
			if (refused) expect(refused.status()).toBe(400);
			const message = app.text('permissions_error_prohibited');
			await expect(app.channel).toHaveAttribute('aria-invalid', 'true');
			await expect(app.channel).toHaveAccessibleDescription(
				new RegExp(`^${literal(message).source}`)
			);
			await expect(app.channel).toHaveValue('email');
			await expect(app.note).toHaveValue(grant);
			await expect(page.getByRole('row').filter({ hasText: grant })).toHaveCount(0);
			await app.settle('grant refused');

			// The "Prohibited" filter finds her.
			await app.goto('/staff/permissions', 'permission list again');
			await app.show(RIIKKA.lastName, 'prohibited', 'prohibited filter');
			await expect(row).toHaveCount(1);
			await expect(row).toContainText(app.text('permissions_decision_prohibited'));

			// The email marketing export leaves her out.
			const lines = await downloadCsv(
				page,
				page.getByRole('button', { name: app.text('permissions_export_submit'), exact: true }),
				app.text('permissions_export_filename')
			);
			expect(lines[0]).toBe(
				[
					app.text('field_first_name'),
					app.text('field_last_name'),
					app.text('field_email'),
					app.text('permissions_csv_organisation'),
					app.text('permissions_csv_unsubscribe_url')
				]
					.map((header) => `"${header}"`)
					.join(';')
			);
			expect(lines.at(-1), 'the file ends with a line break').toBe('');
			expect(lines.filter((line) => line.toLowerCase().includes(RIIKKA.email))).toEqual([]);
		});
	},
	{ refusals: true }
);
