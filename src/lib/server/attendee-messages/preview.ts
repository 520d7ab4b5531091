import type { Db } from '../db';
import type { Event, EventMessage } from '../db/schema';
import { localised } from '../../event-text';
import { PUBLIC_LOCALES, type Locale } from '../../locale';
import { localePath, type MailContext } from '../mail-context';
import {
	attendeeMessageFrame,
	parseMessageText,
	type MessageParagraph
} from '../mail/templates/attendee-message';
import { countAudience } from './audience';
import { textFor } from './texts';

export interface PreviewGroup {
	locale: Locale;
	count: number;
	fallback: boolean;
	subject: string;
	paragraphs: MessageParagraph[];
	/** The fixed parts in the group's language; personal links are left for the page to mark. */
	frame: ReturnType<typeof attendeeMessageFrame>;
	eventUrl: string;
}

export interface Preview {
	groups: PreviewGroup[];
	total: number;
	withoutEmail: number;
	withoutPermission: number;
	/** The "did not check in" group is chosen, but nobody can be in it before the event ends. */
	notEnded: boolean;
}

/**
 * What each language group would get if the message went now, and how many are in each: counts
 * only, no names, so opening it is not a read of anyone's personal data.
 */
export async function previewMessage(
	db: Db,
	ev: Event,
	message: EventMessage,
	context: MailContext,
	now: Date = new Date()
): Promise<Preview> {
	const counted = await countAudience(db, ev, message, now);
	const groups = PUBLIC_LOCALES.filter((locale) => counted.byLocale[locale] > 0).map((locale) => {
		const text = textFor(message, locale);
		return {
			locale,
			count: counted.byLocale[locale],
			fallback: text.fallback,
			subject: text.subject,
			paragraphs: parseMessageText(text.body),
			frame: attendeeMessageFrame({
				locale,
				event: { ...ev, title: localised(ev, locale).title },
				eventUrl: '',
				manageUrl: '',
				unsubscribeUrl: message.marketing ? '-' : null
			}),
			eventUrl: context.origin + localePath(locale, `/events/${ev.slug}`)
		};
	});
	return {
		groups,
		total: groups.reduce((sum, group) => sum + group.count, 0),
		withoutEmail: counted.withoutEmail,
		withoutPermission: counted.withoutPermission,
		notEnded: message.audience.includes('not_checked_in') && ev.endsAt.getTime() > now.getTime()
	};
}
