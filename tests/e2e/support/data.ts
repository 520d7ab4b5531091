import type { NewEvent } from '../../../src/lib/server/db/schema';
import { demoEvents } from '../../../src/lib/server/demo/seed';

export type Locale = 'fi' | 'en';
export const LOCALES: Locale[] = ['fi', 'en'];

/** The demo events the server seeds; the driver course starts with 19 of its 20 seats taken. */
export const OPEN_HOUSE = 'avoimet-ovet-turku';
export const DRIVER_COURSE = 'taloudellisen-ajon-koulutus';
export const TRUCK_SHOW = 'truck-show-turku';
/** Events only the tests create: one never published, one cancelled after publication. */
export const DRAFT_EVENT = 'e2e-luonnos';
export const CANCELLED_EVENT = 'e2e-peruttu';

const DAY_MS = 86_400_000;

/** What the server adds beside the demo data; neither appears on the public list. */
export function extraEvents(now: Date): NewEvent[] {
	const startsAt = new Date(now.getTime() + 20 * DAY_MS);
	const common = {
		descriptionFi: 'Testitapahtuma.',
		descriptionEn: 'A test event.',
		startsAt,
		endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
		location: 'Pollenkuja 6, 20380 Turku',
		capacity: 10
	};
	return [
		{ ...common, slug: DRAFT_EVENT, titleFi: 'Luonnos', titleEn: 'Draft', status: 'draft' },
		{
			...common,
			slug: CANCELLED_EVENT,
			titleFi: 'Peruttu tapahtuma',
			titleEn: 'Cancelled event',
			status: 'cancelled'
		}
	];
}

const demo = new Map(demoEvents(new Date()).map((e) => [e.slug, e]));

/** A demo event as the seed wrote it. */
export function demoEvent(slug: string): NewEvent {
	const event = demo.get(slug);
	if (!event) throw new Error(`not a demo event: ${slug}`);
	return event;
}

/** An event's title in the visitor's language. */
export function titleOf(slug: string, locale: Locale): string {
	const event = demoEvent(slug);
	return locale === 'fi' ? event.titleFi : event.titleEn;
}

export const DEMO_SLUGS = [...demo.keys()];

/** A path in the visitor's language: Finnish at the root, English under /en. */
export function localePath(locale: Locale, path: string): string {
	if (locale === 'fi') return path;
	return path === '/' ? '/en' : `/en${path}`;
}

/** An address no other test uses, so each test reads only its own mail. */
export function uniqueEmail(tag: string): string {
	const random = Math.random().toString(36).slice(2, 10);
	return `e2e-${tag}-${Date.now().toString(36)}-${random}@example.fi`;
}
