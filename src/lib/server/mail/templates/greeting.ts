import * as m from '../../../paraglide/messages.js';
import type { Locale } from '../../../datetime';
import { looksLikeLink } from '../../../schemas/person-name';

/**
 * "Hei Aino," — or plain "Hei," when the stored first name reads as a link: the forms refuse such
 * names now, but rows saved before they did still reach reminders and other mail.
 */
export function greet(firstName: string, locale: Locale): string {
	return looksLikeLink(firstName)
		? m.mail_greeting_plain({}, { locale })
		: m.mail_greeting({ name: firstName }, { locale });
}
