import type { NewEvent } from '../../../src/lib/server/db/schema';
import { demoEvents } from '../../../src/lib/server/demo/seed';

export type Locale = 'fi' | 'sv' | 'en';
/** Every public page's languages; staff pages have only Finnish and English (STAFF_LOCALES). */
export const LOCALES: Locale[] = ['fi', 'sv', 'en'];
export const STAFF_LOCALES: Locale[] = ['fi', 'en'];

/** The demo events the server seeds; the driver course starts with 19 of its 20 seats taken. */
export const OPEN_HOUSE = 'avoimet-ovet-turku';
export const DRIVER_COURSE = 'taloudellisen-ajon-koulutus';
export const TRUCK_SHOW = 'truck-show-turku';
/** Events only the tests create: one never published, one cancelled after publication. */
export const DRAFT_EVENT = 'e2e-luonnos';
export const CANCELLED_EVENT = 'e2e-peruttu';
/** Published, but its registration window closed before the server started: sign-ups get 409. */
export const CLOSED_EVENT = 'e2e-suljettu';
/** For the page sweep: published with no seats at all (always full), and opening in ten days. */
export const FULL_EVENT = 'e2e-taynna';
export const NOT_OPEN_EVENT = 'e2e-ei-viela-auki';
/** Room for every sign-up the fuzz test makes valid, and asking every field so all are exercised. */
export const FUZZ_EVENT = 'e2e-fuzz';
/** Published and happening today, so a door account may check people in to it (staff/attendees). */
export const DOOR_EVENT = 'e2e-ovella-tanaan';

/** One seat in the waiting-list offer mode, one per attempt: staff/offers.spec.ts fills and frees it. */
export function offerEvent(attempt: number): string {
	if (attempt >= SMALL_EVENT_ATTEMPTS) throw new Error(`no offer event for attempt ${attempt}`);
	return `e2e-tarjous-${attempt}`;
}

/** For staff/messages.spec.ts, one per attempt: its own registrants, so the preview's counts are exact. */
export function messagesEvent(attempt: number): string {
	if (attempt >= SMALL_EVENT_ATTEMPTS) throw new Error(`no messages event for attempt ${attempt}`);
	return `e2e-viestit-${attempt}`;
}

/** The registrants of staff/messages.spec.ts's event for one attempt: one Finn, one Swede. */
export function messagesPerson(locale: 'fi' | 'sv', attempt: number) {
	return locale === 'fi'
		? { firstName: 'Aino', lastName: 'Viestinen', email: `e2e-viestit-fi-${attempt}@example.fi` }
		: { firstName: 'Sara', lastName: 'Meddelande', email: `e2e-viestit-sv-${attempt}@example.fi` };
}

/** A two-seat event for the group sign-up journey, one per attempt (the journey fills it). */
export function groupEvent(attempt: number): string {
	return `e2e-ryhma-${attempt}`;
}

export type SmallEventJourney = 'js' | 'nojs';
/** Playwright's retries in CI (playwright.config.ts) plus the first attempt. */
export const SMALL_EVENT_ATTEMPTS = 2;

/**
 * A one-seat event for one manage journey and attempt. The journey fills it (one seat, one on the
 * waiting list) and then frees the seat, so a retry after a failure midway needs an empty one.
 */
export function smallEvent(journey: SmallEventJourney, attempt: number): string {
	if (attempt >= SMALL_EVENT_ATTEMPTS) {
		throw new Error(`no one-seat event for attempt ${attempt}; add more in extraEvents()`);
	}
	return `e2e-pieni-${journey}-${attempt}`;
}

const DAY_MS = 86_400_000;

/** What the server adds beside the demo data; the draft and the cancelled one are not listed. */
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
	const small = (['js', 'nojs'] as const).flatMap((journey) =>
		Array.from({ length: SMALL_EVENT_ATTEMPTS }, (_, attempt) => ({
			...common,
			slug: smallEvent(journey, attempt),
			titleFi: `Pienryhmä ${journey}-${attempt}`,
			titleEn: `Small group ${journey}-${attempt}`,
			capacity: 1,
			phonePolicy: 'optional' as const,
			addressPolicy: 'hidden' as const,
			status: 'published' as const
		}))
	);
	return [
		{ ...common, slug: DRAFT_EVENT, titleFi: 'Luonnos', titleEn: 'Draft', status: 'draft' },
		{
			...common,
			slug: CANCELLED_EVENT,
			titleFi: 'Peruttu tapahtuma',
			titleEn: 'Cancelled event',
			status: 'cancelled'
		},
		{
			...common,
			slug: CLOSED_EVENT,
			titleFi: 'Ilmoittautuminen päättynyt',
			titleEn: 'Registration closed',
			// The same fields as the open house, whose form a test posts here instead.
			phonePolicy: 'optional',
			addressPolicy: 'hidden',
			status: 'published',
			registrationOpensAt: new Date(now.getTime() - 3 * DAY_MS),
			registrationClosesAt: new Date(now.getTime() - 60_000)
		},
		{
			...common,
			slug: FUZZ_EVENT,
			titleFi: 'Sumutestaus',
			titleEn: 'Fuzzing',
			capacity: 100_000,
			phonePolicy: 'optional',
			addressPolicy: 'optional',
			status: 'published'
		},
		{
			...common,
			slug: FULL_EVENT,
			titleFi: 'Täynnä',
			titleEn: 'Full',
			capacity: 0,
			phonePolicy: 'optional',
			addressPolicy: 'optional',
			status: 'published'
		},
		{
			...common,
			slug: NOT_OPEN_EVENT,
			titleFi: 'Ei vielä auki',
			titleEn: 'Not open yet',
			// No description at all: search engines and link previews read when and where instead.
			descriptionFi: '',
			descriptionEn: '',
			phonePolicy: 'hidden',
			addressPolicy: 'hidden',
			status: 'published',
			registrationOpensAt: new Date(now.getTime() + 10 * DAY_MS)
		},
		...small,
		...Array.from({ length: SMALL_EVENT_ATTEMPTS }, (_, attempt) => ({
			...common,
			slug: groupEvent(attempt),
			titleFi: `Ryhmäilmoittautuminen ${attempt}`,
			titleEn: `Group sign-up ${attempt}`,
			capacity: 2,
			phonePolicy: 'optional' as const,
			addressPolicy: 'hidden' as const,
			status: 'published' as const
		})),
		...Array.from({ length: SMALL_EVENT_ATTEMPTS }, (_, attempt) => ({
			...common,
			slug: offerEvent(attempt),
			titleFi: `Paikkatarjous ${attempt}`,
			titleEn: `Seat offer ${attempt}`,
			capacity: 1,
			waitlistMode: 'offer' as const,
			phonePolicy: 'hidden' as const,
			addressPolicy: 'hidden' as const,
			status: 'published' as const
		})),
		...Array.from({ length: SMALL_EVENT_ATTEMPTS }, (_, attempt) => ({
			...common,
			slug: messagesEvent(attempt),
			titleFi: `Viestitesti ${attempt}`,
			titleSv: `Meddelandetest ${attempt}`,
			titleEn: `Message test ${attempt}`,
			phonePolicy: 'hidden' as const,
			addressPolicy: 'hidden' as const,
			status: 'published' as const
		})),
		doorEvent(now)
	];
}

const demo = new Map(demoEvents(new Date()).map((e) => [e.slug, e]));
const extra = new Map(extraEvents(new Date()).map((e) => [e.slug, e]));

/** A demo event as the seed wrote it. */
export function demoEvent(slug: string): NewEvent {
	const event = demo.get(slug);
	if (!event) throw new Error(`not a demo event: ${slug}`);
	return event;
}

/** An event's title in the visitor's language: a demo event or one of the tests' own. */
export function titleOf(slug: string, locale: Locale): string {
	const event = demo.get(slug) ?? extra.get(slug);
	if (!event) throw new Error(`no such event: ${slug}`);
	const own = locale === 'en' ? event.titleEn : locale === 'sv' ? event.titleSv : undefined;
	return own || event.titleFi;
}

export const DEMO_SLUGS = [...demo.keys()];

/** A path in the visitor's language: Finnish at the root, Swedish under /sv, English under /en. */
export function localePath(locale: Locale, path: string): string {
	if (locale === 'fi') return path;
	return path === '/' ? `/${locale}` : `/${locale}${path}`;
}

/** An address no other test uses, so each test reads only its own mail. */
export function uniqueEmail(tag: string): string {
	const random = Math.random().toString(36).slice(2, 10);
	return `e2e-${tag}-${Date.now().toString(36)}-${random}@example.fi`;
}

/**
 * Random letters (no c, q, w, x, z: none sort or fold oddly), so a prefix search for a name or
 * city carrying them finds this test's records alone, and names stay names.
 */
export function uniqueWord(length = 8): string {
	const letters = 'abdefghijklmnoprstuvy';
	let word = '';
	for (let i = 0; i < length; i++) word += letters[Math.floor(Math.random() * letters.length)];
	return word;
}

const BUSINESS_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/**
 * A valid y-tunnus no other test or retry is likely to use: seven random digits and their check
 * digit, computed here rather than by the app so a wrong check in the app cannot pass unnoticed.
 */
export function uniqueBusinessId(): string {
	for (;;) {
		const body = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
		const sum = [...body].reduce((acc, d, i) => acc + Number(d) * BUSINESS_ID_WEIGHTS[i]!, 0) % 11;
		// A remainder of 1 has no check digit: such numbers are never issued.
		if (sum !== 1) return `${body}-${sum === 0 ? 0 : 11 - sum}`;
	}
}

/** The same y-tunnus with a wrong check digit. */
export function withWrongCheckDigit(id: string): string {
	return `${id.slice(0, -1)}${(Number(id.slice(-1)) + 1) % 10}`;
}

// Function declarations, not constants: `extra` above calls extraEvents while this module loads.
function finnishDay(date: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(date);
}

function doorEvent(now: Date): NewEvent {
	// Two hours from now while that is still today in Finland; a run just before midnight gets an
	// event starting now, which the door window admits as well.
	const later = new Date(now.getTime() + 2 * 3_600_000);
	const startsAt = finnishDay(later) === finnishDay(now) ? later : now;
	return {
		slug: DOOR_EVENT,
		titleFi: 'Ovipäivä tänään',
		titleEn: 'Door day today',
		descriptionFi: 'Testitapahtuma ovella kirjautumiseen.',
		descriptionEn: 'A test event for door check-in.',
		startsAt,
		endsAt: new Date(startsAt.getTime() + 4 * 3_600_000),
		location: 'Pollenkuja 6, 20380 Turku',
		capacity: 200,
		phonePolicy: 'optional',
		addressPolicy: 'hidden',
		status: 'published'
	};
}
