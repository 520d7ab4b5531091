import { json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { exportContactData, openContactManage } from '$lib/server/contacts/manage';
import { db } from '$lib/server/db/database';
import { enteredByOthers, groupsBookedBy, registeredByOthers } from '$lib/server/groups/privacy';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import { localePath, mailContext } from '$lib/server/mail-context';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';
import { marketingExport } from '../marketing.server';

const DOWNLOAD_HEADERS = {
	...PRIVATE_HEADERS,
	'content-disposition': 'attachment; filename="ilmo-my-data.json"'
};

/**
 * Art. 15 and 20: everything held for the link's email, as a JSON download; for a person link
 * (a contact's notice), their contact records and registrations under every key they are known by.
 * Both carry the person's marketing state and the history of their decisions.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const database = await db();
	// The file outlives the visit: it names who holds the data in full, not a path on this site.
	const controller = {
		...config().controller,
		privacyUrl: mailContext(url).origin + localePath(getLocale(), '/privacy')
	};
	const view = await registrations.openManage(database, params.token);
	if (view) {
		const data = await registrations.exportData(database, view, controller);
		const marketing = await marketingExport(database, view.personId);
		// A group's booker sees the groups they booked; an attendee who registered them (Art. 14).
		const groups = {
			groupsBooked: await groupsBookedBy(database, {
				personKeys: [view.personId],
				email: view.emailNormalised
			}),
			registeredBy: await registeredByOthers(database, view.emailNormalised),
			// What a booker typed about them, as typed (also where nothing new was stored for them).
			enteredByOthers: await enteredByOthers(database, {
				registrationIds: [view.registrationId, ...view.active.map((a) => a.registration.id)],
				emails: [view.emailNormalised]
			})
		};
		return json({ ...data, ...groups, marketing }, { headers: DOWNLOAD_HEADERS });
	}
	const contactView = await openContactManage(database, params.token);
	if (!contactView) notFound();
	const data = await exportContactData(database, contactView);
	const marketing = await marketingExport(database, contactView.personId);
	return json({ ...data, controller, marketing }, { headers: DOWNLOAD_HEADERS });
};
