import { formatDateTime, formatEventRange, type Locale } from '../../datetime';
import { localised } from '../../event-text';
import type { ManageView } from './manage';

/** The registrant's own registrations as their page shows them, in their language. */
export function presentRegistrations(view: ManageView, locale: Locale) {
	return view.active.map(({ registration: r, event: e, waitlistRank }) => ({
		id: r.id,
		title: localised(e, locale).title,
		slug: e.slug,
		when: formatEventRange(e.startsAt, e.endsAt, locale),
		startsAtIso: e.startsAt.toISOString(),
		location: e.location,
		status: r.status as 'confirmed' | 'waitlisted',
		waitlistRank,
		deletedAfter: formatDateTime(r.purgeAfter, locale)
	}));
}
