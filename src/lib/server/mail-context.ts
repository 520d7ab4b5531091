import type { Locale } from '../datetime';
import { config } from './config';

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

/** Links in email point at ORIGIN when configured (behind a proxy), else at the request's origin. */
export function mailContext(url: URL): MailContext {
	const { origin, controller } = config();
	return {
		origin: origin ?? url.origin,
		organizer: { name: controller.name, email: controller.email }
	};
}
