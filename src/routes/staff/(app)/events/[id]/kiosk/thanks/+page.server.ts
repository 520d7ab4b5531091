import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { kioskPath } from '$lib/server/auth/kiosk';
import type { PageServerLoad } from './$types';
import { findEvent } from '../../event.server';

/** How long the thank-you stays before the tablet shows an empty form for the next visitor. */
const NEXT_AFTER_SECONDS = 8;

export const load: PageServerLoad = async ({ params, locals }) => {
	requireStaff('attendees.manage');
	const event = await findEvent(params.id);
	if (locals.session!.kioskEventId !== event.id) redirect(303, localizeHref(kioskPath(event.id)));
	return { next: localizeHref(kioskPath(event.id)), nextAfterSeconds: NEXT_AFTER_SECONDS };
};
