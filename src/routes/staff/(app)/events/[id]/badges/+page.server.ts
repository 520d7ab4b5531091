import { getLocale } from '$lib/paraglide/runtime';
import { asLocale } from '$lib/locale';
import { badgeQuerySchema } from '$lib/schemas/badges';
import { requireStaff } from '$lib/server/auth/guard';
import { listForBadges } from '$lib/server/attendees/badges';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import type { PageServerLoad } from './$types';
import { findEvent } from '../event.server';

/**
 * The badge form and, once a layout is chosen, the badges to print. A GET: it reads and prints,
 * it changes nothing (the audit row aside), like the door list's print view it sits beside.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('attendees.view');
	const event = await findEvent(params.id);
	const query = badgeQuerySchema.parse(Object.fromEntries(url.searchParams));
	const lang = query.lang ?? asLocale(getLocale());
	const chosen = { layout: query.layout ?? 'a4-70x37', lang, who: query.who };
	const rows = query.layout
		? await listForBadges(await db(), user, event.id, { who: query.who, layout: query.layout })
		: null;
	const texts = events.localised(event, lang);
	return {
		event: { id: event.id, title: events.localised(event, getLocale()).title },
		chosen,
		badges: rows && {
			layout: query.layout!,
			eventTitle: texts.title,
			titleLang: texts.titleLang,
			rows: rows.map((row) => ({
				id: row.id,
				name: `${row.firstName} ${row.lastName}`.trim(),
				organisation: row.organisation ?? ''
			}))
		}
	};
};
