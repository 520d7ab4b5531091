import { expect, test } from '../fixtures';
import { parseCalendar, type ParsedCalendar } from '../../support/calendar';
import { FULL_EVENT, LOCALES, OPEN_HOUSE, localePath, titleOf, uniqueEmail } from '../support/data';
import { t } from '../support/i18n';
import { manageLink, waitForMail, type StoredMail } from '../support/mailbox';

/** The calendar entry a mail carries as a file, read with a real parser; null when it has none. */
function entryOf(mail: StoredMail): ParsedCalendar | null {
	const file = mail.attachments.find((a) => a.filename === 'event.ics');
	return file ? parseCalendar(file.content) : null;
}

test.describe('calendar entries', () => {
	test.use({ javaScriptEnabled: false });

	// Only the texts differ by language: one request per language, no journey.
	test('the event page downloads as a calendar file in each language', async ({
		request,
		baseURL
	}) => {
		for (const locale of LOCALES) {
			const path = localePath(locale, `/events/${OPEN_HOUSE}/calendar.ics`);
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			const headers = response.headers();
			expect(headers['content-type']).toBe('text/calendar; charset=utf-8');
			expect(headers['content-disposition']).toBe(`attachment; filename="${OPEN_HOUSE}.ics"`);
			expect(headers['set-cookie'], 'no cookie on a public download').toBeUndefined();
			const url = new URL(localePath(locale, `/events/${OPEN_HOUSE}`), baseURL).href;
			const entry = parseCalendar(await response.text());
			expect(entry).toMatchObject({
				method: 'PUBLISH',
				eventCount: 1,
				summary: titleOf(OPEN_HOUSE, locale),
				url,
				// The site's mail sender, as RFC 5546 asks of a PUBLISH; nobody attends a public file.
				organizer: { email: expect.stringContaining('@') },
				attendees: []
			});
			expect(entry.uid).toMatch(/^event-[0-9a-f-]{36}@/);
		}
		expect((await request.get(`/events/no-such-event/calendar.ics`)).status()).toBe(404);
	});

	test('a seat comes as an invitation the cancellation withdraws; a queue place as none', async ({
		eventPage,
		registeredPage,
		managePage,
		cancelPage,
		page
	}) => {
		// The full event puts every sign-up on the waiting list: that mail carries nothing.
		const queued = uniqueEmail('calendar-queue');
		const full = eventPage('sv');
		await full.goto(FULL_EVENT);
		await full.fill({ firstName: 'Kaj', lastName: 'Kalender', email: queued });
		await full.submit();
		await registeredPage('sv').expectLanded(FULL_EVENT, titleOf(FULL_EVENT, 'sv'));
		const [waitlisted] = await waitForMail(queued);
		expect(waitlisted!.subject).toBe(
			t('sv', 'mail_waitlisted_subject', { title: titleOf(FULL_EVENT, 'sv') })
		);
		expect(waitlisted!.attachments).toEqual([]);
		expect(waitlisted!.text).not.toContain(t('sv', 'mail_calendar_note'));

		const email = uniqueEmail('calendar-seat');
		const title = titleOf(OPEN_HOUSE, 'fi');
		const event = eventPage('fi');
		await event.goto(OPEN_HOUSE);
		await event.fill({ firstName: 'Kalle', lastName: 'Kalenteri', email, phone: '' });
		await event.submit();
		await registeredPage('fi').expectLanded(OPEN_HOUSE, title);
		const [confirmed] = await waitForMail(email);
		const invitation = entryOf(confirmed!);
		expect(invitation).toMatchObject({
			method: 'REQUEST',
			status: 'CONFIRMED',
			summary: title,
			attendees: [{ name: 'Kalle Kalenteri', email, params: { rsvp: 'FALSE' } }]
		});
		expect(invitation!.uid).toMatch(/^registration-[0-9a-f-]{36}@/);
		expect(confirmed!.text).toContain(t('fi', 'mail_calendar_note'));

		const token = manageLink(confirmed!).pathname.split('/').at(-1)!;
		const manage = managePage('fi');
		await manage.goto(token);
		const card = manage.registration(title);
		await expect(card.getByRole('link', { name: t('fi', 'calendar_add') })).toHaveAttribute(
			'href',
			`/events/${OPEN_HOUSE}/calendar.ics`
		);
		await card.getByRole('link', { name: t('fi', 'manage_cancel_link', { title }) }).click();
		await cancelPage('fi').expectShown(title, 'confirmed');
		await cancelPage('fi').confirm();
		await expect(page).toHaveURL(/\/manage\/[a-z0-9]+/);
		await manage.expectShown('after cancelling');

		const [, cancelled] = await waitForMail(email, 2);
		expect(cancelled!.subject).toBe(t('fi', 'mail_cancelled_subject', { title }));
		const withdrawal = entryOf(cancelled!);
		expect(withdrawal).toMatchObject({
			method: 'CANCEL',
			status: 'CANCELLED',
			uid: invitation!.uid,
			start: invitation!.start,
			end: invitation!.end
		});
		expect(withdrawal!.sequence).toBeGreaterThan(invitation!.sequence);
	});
});
