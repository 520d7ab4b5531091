import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../../../src/lib/server/db';
import { registration } from '../../../src/lib/server/db/schema';
import * as events from '../../../src/lib/server/events';
import { StaffPage } from '../pages/staff-page';
import { uniqueEmail, uniqueWord } from '../support/data';
import { t } from '../support/i18n';
import { appDatabaseUrl, runJobsCli } from '../support/jobs-cli';
import { manageLink, mailTo, waitForMail, type StoredMail } from '../support/mailbox';
import { expect, test } from './staff-fixtures';

const HOUR_MS = 3_600_000;

/** The reminder mails among what reached `address`: their subject starts "Muistutus: {title}". */
function remindersTo(address: string, title: string): StoredMail[] {
	const [lead] = t('fi', 'mail_reminder_subject', { title, when: '§' }).split('§');
	return mailTo(address).filter((mail) => mail.subject.startsWith(lead!));
}

// A reminder end to end, in Finnish, through the CLI and real SMTP: staff set one on the event's
// reminders page, `ilmo jobs:run` sends it once, and its "can't come" link cancels on one button.
// Which registrations get one (late, cancelled, switched off), two instances and SMTP down are in
// src/lib/server/reminders/send.test.ts; the other languages' texts in the template's tests.
test('staff set a reminder, jobs:run sends it once, and its link cancels the place', async ({
	page,
	signedInAs,
	managePage,
	eventPage,
	registeredPage,
	cancelPage
}, testInfo) => {
	test.skip(testInfo.project.metadata.database !== 'postgres', 'the CLI needs the app database');
	// Two runs of the real CLI (tsx compiling the server code) take 15–25 s each on a busy machine.
	test.setTimeout(2 * 90_000);
	const slug = `e2e-muistutus-${uniqueWord()}`;
	const title = `Muistutustesti ${slug.slice(-8)}`;
	const email = uniqueEmail('reminder');

	// An event starting in 90 minutes, so a 2 h reminder is due now.
	let database: Database | undefined;
	try {
		database = await openDatabase({ url: appDatabaseUrl(testInfo), maxConnections: 1 });
		const startsAt = new Date(Date.now() + 1.5 * HOUR_MS);
		const ev = await events.create(database.db, {
			slug,
			titleFi: title,
			titleEn: title,
			descriptionFi: 'Muistutusten testitapahtuma.',
			descriptionEn: 'A reminder test event.',
			startsAt,
			endsAt: new Date(startsAt.getTime() + 2 * HOUR_MS),
			location: 'Pollenkuja 6, 20380 Turku',
			capacity: 10,
			phonePolicy: 'hidden',
			addressPolicy: 'hidden',
			status: 'published'
		});

		const signUp = eventPage('fi');
		await signUp.goto(slug);
		await signUp.fill({ firstName: 'Aino', lastName: 'Muistettava', email });
		await signUp.submit();
		await registeredPage('fi').expectLanded(slug, title, ['confirmed']);

		// Staff add the reminder with the keyboard alone, and see when it goes out.
		const staff = await signedInAs(StaffPage, 'staff');
		await staff.goto(`/staff/events/${ev.id}/reminders`, 'reminders, none yet');
		await expect(page.getByText(t('fi', 'staff_reminders_empty'))).toBeVisible();
		await staff.labelled('staff_reminders_hours').focus();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.type('2');
		await page.keyboard.press('Enter');
		await expect(staff.notice('staff_reminders_saved')).toBeVisible();
		const [goesOut] = t('fi', 'staff_reminders_goes_out', { when: '§' }).split('§');
		await expect(
			page.getByRole('listitem').filter({
				hasText: t('fi', 'staff_reminders_before', { hours: 2 })
			})
		).toContainText(goesOut!);
		await staff.settle('reminders, one set');

		// Signed up before the reminder's time (30 minutes ago): waiting real hours is no option.
		await database.db
			.update(registration)
			.set({ createdAt: new Date(Date.now() - HOUR_MS) })
			.where(eq(registration.eventId, ev.id));
		const first = await runJobsCli(testInfo);
		expect(first).toMatch(/reminders\s+queued [01] /);

		const [, reminder] = await waitForMail(email, 2);
		expect(remindersTo(email, title)).toHaveLength(1);
		expect(reminder!.subject).toContain(title);
		expect(reminder!.headers?.['auto-submitted']).toBe('auto-generated');
		const ics = reminder!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
		expect(ics?.content).toMatch(/^METHOD:REQUEST\r?$/m);
		expect(ics?.content).toContain(title);
		expect(manageLink(reminder!)).toBeTruthy();
		expect(reminder!.text).toContain(t('fi', 'mail_reminder_cant_come'));
		const cancelLink = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]{20,}\/cancel\/[0-9a-f-]{36}/.exec(
			reminder!.text
		)?.[0];
		expect(cancelLink, reminder!.text).toBeDefined();

		// Once per registration: the job's second run finds nothing left to send. Meanwhile a mail
		// scanner opening the "can't come" link changes nothing; the page's one button cancels.
		const second = runJobsCli(testInfo);
		await page.goto(cancelLink!);
		const cancel = cancelPage('fi');
		await cancel.expectShown(title, 'confirmed');
		await expect(page.getByRole('main').getByRole('button')).toHaveCount(1);
		const statusOf = async () =>
			(
				await database!.db
					.select({ status: registration.status })
					.from(registration)
					.where(eq(registration.eventId, ev.id))
			).map((row) => row.status);
		expect(await statusOf()).toEqual(['confirmed']);
		expect(await second).toMatch(/reminders\s+queued 0 /);
		expect(remindersTo(email, title)).toHaveLength(1);
		await cancel.confirm();
		await page.waitForURL((url) => url.search === '?cancelled=1');
		await managePage('fi').expectShown('after cancelling');
		expect(await statusOf()).toEqual(['cancelled']);
	} finally {
		await database?.close();
	}
});
