import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { TICKET_ALPHABET, TICKET_CODE_LENGTH } from '../../../src/lib/ticket-code';
import { DoorPage } from '../pages/door-page';
import type { EventPage } from '../pages/event-page';
import type { RegisteredPage } from '../pages/registered-page';
import { DOOR_EVENT, titleOf, uniqueEmail, uniqueWord } from '../support/data';
import { t } from '../support/i18n';
import { waitForMail } from '../support/mailbox';
import { readQrPng, writeQrVideo } from '../support/y4m';
import { signUpForDoorEvent } from './door-sign-up';
import { expect, STAFF_USERS, test } from './staff-fixtures';

const TITLE = titleOf(DOOR_EVENT, 'fi');

/**
 * Chromium's fake camera plays this file (a worker's own); the camera test writes the ticket into
 * it before it opens the camera. The browser options force a worker of their own, so they are the
 * whole file's: the scanner test is not affected by a camera it never opens.
 */
const video = path.resolve(`tests/.tmp/door-camera-${process.pid}.y4m`);
test.use({
	permissions: ['camera'],
	launchOptions: {
		executablePath:
			process.env.ILMO_CHROMIUM_PATH ||
			(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
		args: [
			'--use-fake-device-for-media-stream',
			'--use-fake-ui-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	}
});

/**
 * Signs a new person up for today's door event through the public form and returns their name
 * and the ticket code read from the QR image in their confirmation mail, by a real QR decoder.
 */
async function signUpWithTicket(
	eventPage: (locale: 'fi') => EventPage,
	registeredPage: (locale: 'fi') => RegisteredPage
): Promise<{ name: string; code: string; png: Buffer }> {
	const person = {
		firstName: 'Lippu',
		lastName: `Luukkonen${uniqueWord()}`,
		email: uniqueEmail('scan')
	};
	await signUpForDoorEvent(eventPage, registeredPage, person);
	const mail = (await waitForMail(person.email))[0]!;
	const image = mail.attachments.find((part) => part.contentType === 'image/png');
	expect(image, 'the confirmation mail carries the ticket as a PNG').toBeDefined();
	const png = Buffer.from(image!.content, 'base64');
	return { name: `${person.firstName} ${person.lastName}`, code: await readQrPng(png), png };
}

/** Signs in as the door account and opens today's door event from the dashboard, as staff do. */
async function openDoor(page: Page, door: DoorPage): Promise<void> {
	await page.getByRole('link', { name: t('fi', 'staff_open_checkin', { title: TITLE }) }).click();
	await page.waitForURL(/\/staff\/events\/[0-9a-f-]{36}\/checkin$/);
	await door.settle('door page');
}

/** A code in the ticket alphabet that no ticket has. */
function madeUpCode(): string {
	return Array.from(
		{ length: TICKET_CODE_LENGTH },
		() => TICKET_ALPHABET[Math.floor(Math.random() * TICKET_ALPHABET.length)]
	).join('');
}

/**
 * One journey for both ways in, so the door signs in once: a ticket typed by a wedge scanner, then
 * another held to the (fake) camera, read by the bundled decoder as Linux Chromium has no
 * BarcodeDetector.
 */
test('tickets from confirmation mails check their holders in by scanner and by camera', async ({
	page,
	signedInAs,
	checkA11y,
	eventPage,
	registeredPage
}) => {
	const ticket = await signUpWithTicket(eventPage, registeredPage);
	const held = await signUpWithTicket(eventPage, registeredPage);
	mkdirSync(path.dirname(video), { recursive: true });
	writeQrVideo(video, held.png);
	const door = await signedInAs(DoorPage, 'door');
	await openDoor(page, door);

	await door.scanWithWedge(ticket.code);
	await door.expectAnswer('checked_in', ticket.name);
	// Focus stays in the emptied field, so the next scan goes straight in.
	await expect(door.codeField).toBeFocused();
	await expect(door.codeField).toHaveValue('');
	await checkA11y('checked in');

	await door.scanWithWedge(ticket.code);
	await door.expectAnswer('already', ticket.name, STAFF_USERS.door.displayName);
	await checkA11y('already checked in');

	await door.scanWithWedge(madeUpCode());
	await door.expectAnswer('unknown');
	await checkA11y('unknown ticket');

	// The person now shows among those arrived, with the time.
	await expect(page.getByRole('listitem').filter({ hasText: ticket.name }).first()).toContainText(
		t('fi', 'staff_door_arrived_at', { time: '' }).trim()
	);

	await door.openCamera();
	await door.expectAnswer('checked_in', held.name);
	await checkA11y('camera open, checked in');
	await door.closeCamera();
});
