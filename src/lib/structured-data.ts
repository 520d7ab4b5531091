import type { Locale } from './locale';
import { seatsAvailability, type SeatsAvailability } from './seats';

/** What the event's search result and link card are made of (a subset of the public event). */
export interface EventFacts {
	title: string;
	description: string;
	startsAtIso: string;
	endsAtIso: string;
	opensAtIso: string | null;
	location: string;
	seatsLeft: number;
	capacity: number;
	state: string;
}

/** The page's own reading of the seats (lib/seats.ts), in schema.org's words. */
const AVAILABILITY: Record<SeatsAvailability, string> = {
	full: 'https://schema.org/SoldOut',
	few: 'https://schema.org/LimitedAvailability',
	plenty: 'https://schema.org/InStock'
};

function availability(e: EventFacts): string {
	return AVAILABILITY[seatsAvailability(e.seatsLeft, e.capacity)];
}

/**
 * A schema.org `Event` for the event page, so a search engine can list it with its dates, place
 * and whether seats are left. Sign-up is free, hence an offer at price 0.
 */
export function eventJsonLd(
	e: EventFacts,
	context: { url: string; organizer: string; inLanguage: Locale }
): Record<string, unknown> {
	return {
		'@context': 'https://schema.org',
		'@type': 'Event',
		name: e.title,
		description: e.description,
		startDate: e.startsAtIso,
		endDate: e.endsAtIso,
		eventStatus:
			e.state === 'cancelled'
				? 'https://schema.org/EventCancelled'
				: 'https://schema.org/EventScheduled',
		eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
		location: { '@type': 'Place', name: e.location, address: e.location },
		organizer: { '@type': 'Organization', name: context.organizer },
		offers: {
			'@type': 'Offer',
			price: 0,
			priceCurrency: 'EUR',
			availability: availability(e),
			...(e.opensAtIso ? { validFrom: e.opensAtIso } : {}),
			url: context.url
		},
		inLanguage: context.inLanguage,
		url: context.url
	};
}

/**
 * JSON to put inside an inline `<script>` data block: `<` is escaped, so no text (a title with
 * `</script>` or `<!--`) can end the block early; `>`, `&` and the two line separators
 * JavaScript once rejected are escaped too. JSON.parse reads all of them back unchanged.
 */
export function jsonForScript(value: unknown): string {
	return JSON.stringify(value).replace(
		/[<>&\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
}
