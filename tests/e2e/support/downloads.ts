import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import { literal } from './i18n';

/**
 * Clicks a button that downloads a CSV export and checks it as Excel needs it: named
 * `{prefix}-YYYY-MM-DD.csv` and starting with the UTF-8 byte order mark. Returns its lines.
 */
export async function downloadCsv(page: Page, button: Locator, prefix: string): Promise<string[]> {
	const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
	expect(download.suggestedFilename()).toMatch(
		new RegExp(`^${literal(prefix).source}-\\d{4}-\\d\\d-\\d\\d\\.csv$`)
	);
	const bytes = await readFile(await download.path());
	expect([...bytes.subarray(0, 3)], 'UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
	return bytes.toString('utf8').slice(1).split('\r\n');
}
