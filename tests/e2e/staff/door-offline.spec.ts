import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { formatTicketCode } from '../../../src/lib/ticket-code';
import { startDoorOfflineServer, type DoorOfflineServer } from '../support/door-offline-server';
import { t } from '../support/i18n';
import { expect, STAFF_USERS, test } from './staff-fixtures';

/**
 * A door device that loses the server: prepared with a PIN while online, it opens its sealed list
 * with the PIN when the server is gone, checks a ticket in, keeps the queue across a reload, and
 * sends it when the server is back; a second device that checked the same person in offline is
 * told "already". Its own app server (tests/e2e/support/door-offline-server.ts), because stopping
 * the server is the only way to take it away from a service worker.
 */

/** Chosen before the server starts: the fixtures need the origin as baseURL at declaration. */
function freePortSync(): number {
	const script =
		"const s=require('node:net').createServer();" +
		"s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
	return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const port = freePortSync();
const fi = (key: string, params: Record<string, string | number> = {}) => t('fi', key, params);
const PIN = '246810';
const CUT = '\u0000';
/** A message's text up to the placeholder given as CUT, for times the test cannot know. */
const before = (key: string, params: Record<string, string | number>) =>
	fi(key, params).split(CUT)[0]!;

test.use({ baseURL: `http://127.0.0.1:${port}` });

let server: DoorOfflineServer;
test.beforeAll(async () => {
	server = await startDoorOfflineServer(port);
});
test.afterAll(async () => {
	await server?.close();
});

async function signIn(page: Page) {
	await page.goto('/staff/login');
	await page.getByLabel('Sähköposti', { exact: true }).fill(STAFF_USERS.door.email);
	await page.getByLabel('Salasana', { exact: true }).fill(STAFF_USERS.door.password);
	await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
	await page.waitForURL((url) => !url.pathname.includes('/staff/login'));
}

/** Sets the PIN on the door page and waits until the service worker keeps the shell. */
async function prepare(page: Page) {
	await page.getByLabel(fi('staff_door_offline_pin_label'), { exact: true }).fill(PIN);
	await page.getByLabel(fi('staff_door_offline_pin_again_label'), { exact: true }).fill(PIN);
	await page.getByRole('button', { name: fi('staff_door_offline_prepare') }).click();
	await expect(
		page.getByText(before('staff_door_offline_ready', { count: 1, until: CUT }))
	).toBeVisible();
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (navigator.serviceWorker.controller) return;
		await new Promise((resolve) =>
			navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
		);
	});
}

async function unlock(page: Page, pin = PIN) {
	await page.getByLabel(fi('staff_door_offline_pin_label'), { exact: true }).fill(pin);
	await page.getByRole('button', { name: fi('staff_door_shell_unlock') }).click();
}

function syncState(page: Page) {
	return page.locator('.door-sync-state');
}

/** Everything the door database holds, bytes as Latin-1 so that any plain text would show. */
function storedText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('ilmo-door');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const rows = await new Promise<unknown[]>((resolve, reject) => {
			const request = db.transaction('devices').objectStore('devices').getAll();
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		return JSON.stringify(rows, (_, value: unknown) =>
			value instanceof Uint8Array ? String.fromCharCode(...value) : value
		);
	});
}

test('a door device checks in with the server gone and the check-in lands when it is back', async ({
	page,
	context,
	browser,
	checkA11y
}) => {
	test.setTimeout(120_000);
	const doorPath = `/staff/events/${server.eventId}/checkin`;
	const shellPath = `/staff/door?event=${server.eventId}`;
	const name = server.person.name;

	await signIn(page);
	await checkA11y('signed in');
	await page.goto(doorPath);
	await prepare(page);
	await checkA11y('door page, ready offline');

	// A second door device, prepared too, checks the same person in by name while it is offline.
	const other = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
	const second = await other.newPage();
	await signIn(second);
	await second.goto(doorPath);
	await prepare(second);
	await other.setOffline(true);
	await second.goto(shellPath);
	await unlock(second);
	await second.getByRole('button', { name: `${fi('staff_checkin_check_in')}: ${name}` }).click();
	await expect(syncState(second)).toHaveText(fi('staff_door_offline_state_offline', { count: 1 }));

	// The server goes away: the door page reloads into the offline shell, which asks for the PIN.
	await context.setOffline(true);
	await server.stop();
	await page.reload();
	await page.waitForURL((url) => url.pathname === '/staff/door');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fi('staff_door_shell_title'));
	await unlock(page, '000000');
	await expect(page.getByText(fi('staff_door_shell_wrong_pin'))).toBeVisible();
	await checkA11y('offline shell, wrong PIN');
	await unlock(page);
	await expect(syncState(page)).toHaveText(fi('staff_door_offline_state_offline', { count: 0 }));

	// A scanner types the ticket code and Enter.
	const code = page.getByLabel(fi('staff_door_code_label'), { exact: true });
	await code.fill(formatTicketCode(server.person.code));
	await code.press('Enter');
	const answer = page.locator('.scan-result[data-outcome="checked_in"]');
	await expect(answer).toContainText(fi('staff_door_outcome_checked_in'));
	await expect(answer).toContainText(name);
	await expect(syncState(page)).toHaveText(fi('staff_door_offline_state_offline', { count: 1 }));
	await checkA11y('offline shell, one waiting');

	// At rest the list and the queue are sealed: no name in what the device keeps.
	const stored = await storedText(page);
	expect(stored).toContain(server.eventId);
	for (const part of name.split(' ')) expect(stored).not.toContain(part);

	// The queue outlives a reload.
	await page.reload();
	await unlock(page);
	await expect(syncState(page)).toHaveText(fi('staff_door_offline_state_offline', { count: 1 }));

	// The server returns: the check-in lands, as an offline one.
	await server.start();
	await context.setOffline(false);
	await expect(syncState(page)).toHaveText(fi('staff_door_offline_state_online'));
	const landed = await server.arrival();
	expect(landed.checkedInAt).not.toBeNull();
	expect(landed.sources).toEqual(['offline']);

	// The second device syncs later and is told the person had already arrived.
	await other.setOffline(false);
	await expect(
		second.getByText(before('staff_door_offline_report_duplicate', { name, time: CUT, by: '' }))
	).toBeVisible();
	await expect
		.poll(async () => (await server.arrival()).outcomes)
		.toEqual(['accepted', 'duplicate']);
	await other.close();

	// A public page is never under the door's service worker.
	await page.goto('/');
	await checkA11y('public front page');
	expect(
		await page.evaluate(async () => ({
			controlled: navigator.serviceWorker.controller !== null,
			registered: (await navigator.serviceWorker.getRegistration()) !== undefined
		}))
	).toEqual({ controlled: false, registered: false });

	// Signing out wipes the device.
	await page.goto(doorPath);
	await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
	await page.waitForURL((url) => url.pathname === '/staff/login');
	await checkA11y('signed out');
	expect(
		await page.evaluate(async () => ({
			databases: (await indexedDB.databases()).map((db) => db.name),
			caches: await caches.keys(),
			workers: (await navigator.serviceWorker.getRegistrations()).length
		}))
	).toEqual({ databases: [], caches: [], workers: 0 });
});
