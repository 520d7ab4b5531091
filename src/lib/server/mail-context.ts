import type { Locale } from '../datetime';
import addressparser from 'nodemailer/lib/addressparser';
import { config, type Config } from './config';

/** Where links in email point, and who sends it; routes take these from configuration. */
export interface MailContext {
	/** e.g. https://tapahtumat.wetteritrucks.fi */
	origin: string;
	organizer: { name: string; email: string };
}

/** A page's path in the locale a message is written in: Finnish at the root, others prefixed. */
export function localePath(locale: Locale, path: string) {
	return locale === 'fi' ? path : `/${locale}${path}`;
}

/**
 * Who a calendar invitation names as its ORGANIZER: the controller by name, at the address the mail
 * is sent from (MAIL_FROM). Calendar clients apply an update or a withdrawal only when it comes
 * from the invitation's organiser, so it must be the sender, not the controller's own inbox.
 */
export function mailOrganizer(
	settings: Pick<Config, 'mailFrom' | 'controller'>
): MailContext['organizer'] {
	const sender = addressparser(settings.mailFrom, { flatten: true })[0]?.address;
	return { name: settings.controller.name, email: sender || settings.controller.email };
}

/** Links in email point at ORIGIN when configured (behind a proxy), else at the request's origin. */
export function mailContext(url: URL): MailContext {
	const settings = config();
	return { origin: settings.origin ?? url.origin, organizer: mailOrganizer(settings) };
}

/** Where links point when nobody asked: `npm run dev` serves at Vite's port, `node build` at 3000. */
const DEV_ORIGIN = 'http://localhost:5173';

/**
 * The context for mail a scheduled job sends (reminders, offer expiry), where no request tells the
 * origin: ORIGIN, which production needs anyway, else the local development server.
 */
export function jobMailContext(
	settings: Pick<Config, 'origin' | 'mailFrom' | 'controller'> = config()
): MailContext {
	return { origin: settings.origin ?? DEV_ORIGIN, organizer: mailOrganizer(settings) };
}

/**
 * Where replies to the event's mails go: its contact person when set, else the site-wide
 * MAIL_REPLY_TO the transport falls back to. Every mail about an event (registration, reminder,
 * message to attendees) uses this, so a question reaches the person who can answer it.
 */
export function eventReplyTo(ev: { contactEmail: string }): string | undefined {
	return ev.contactEmail || undefined;
}
