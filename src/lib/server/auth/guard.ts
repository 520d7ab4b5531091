import { error, redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { deLocalizeUrl, getLocale, localizeHref } from '../../paraglide/runtime';
import { hasRight, type Right } from './access';
import { isDoorDeviceRoute } from './door-device';
import { kioskAllows, kioskPath } from './kiosk';
import type { SessionUser } from './session';

/**
 * The first line of every staff load, action and endpoint: who is asking, and may they. Layouts only
 * redirect for convenience; this is the check that counts (a layout load does not rerun on every
 * navigation, and a hook keyed on the path can be bypassed).
 */
export function requireStaff(right: Right): SessionUser {
	const event = getRequestEvent();
	const { user, session } = event.locals;
	if (!user || !session) {
		const here = deLocalizeUrl(event.url);
		const next = here.pathname + here.search;
		// Staff pages have no Swedish; a Swedish kiosk's visitor is sent to the Finnish sign-in.
		const locale = getLocale() === 'sv' ? 'fi' : undefined;
		redirect(303, localizeHref(`/staff/login?next=${encodeURIComponent(next)}`, { locale }));
	}
	if (!session.secondFactorVerified) redirect(303, localizeHref('/staff/login/code'));
	// Until an admin who must have a second factor has one, only their own account page opens.
	if (event.locals.mustEnrollTotp && right !== 'account.manage') {
		redirect(303, localizeHref('/staff/account'));
	}
	// A tablet locked to a kiosk reaches that event's kiosk pages and nothing else: a visitor who
	// types a staff address is sent back to the form (a page) or refused (anything else).
	if (!kioskAllows(session.kioskEventId, event.route.id, event.params)) {
		const kioskEventId = session.kioskEventId!;
		// A door device's JSON endpoints are refused too: a redirect to an HTML page means nothing to it.
		if (
			event.request.method === 'GET' &&
			!event.isDataRequest &&
			!isDoorDeviceRoute(event.route.id)
		) {
			redirect(303, localizeHref(kioskPath(kioskEventId)));
		}
		error(403, 'Forbidden');
	}
	if (!hasRight(user.role, right)) error(403, 'Forbidden');
	return user;
}
