import { json } from '@sveltejs/kit';
import { exportContactData, openContactManage } from '$lib/server/contacts/manage';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

const DOWNLOAD_HEADERS = {
	...PRIVATE_HEADERS,
	'content-disposition': 'attachment; filename="ilmo-my-data.json"'
};

/**
 * Art. 15 and 20: everything held for the link's email, as a JSON download; for a person link
 * (a contact's notice), their contact records and registrations under every key they are known by.
 */
export const GET: RequestHandler = async ({ params }) => {
	const database = await db();
	const view = await registrations.openManage(database, params.token);
	if (view) {
		return json(await registrations.exportData(database, view), { headers: DOWNLOAD_HEADERS });
	}
	const contactView = await openContactManage(database, params.token);
	if (!contactView) notFound();
	return json(await exportContactData(database, contactView), { headers: DOWNLOAD_HEADERS });
};
