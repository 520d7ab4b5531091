import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as registrations from '$lib/server/registrations';
import type { RequestHandler } from './$types';

/** Art. 15 and 20: everything held for the link's email, as a JSON download. */
export const GET: RequestHandler = async ({ params }) => {
	const database = await db();
	const view = await registrations.openManage(database, params.token);
	if (!view) notFound();
	const data = await registrations.exportData(database, view);
	return json(data, {
		headers: {
			...PRIVATE_HEADERS,
			'content-disposition': 'attachment; filename="ilmo-my-data.json"'
		}
	});
};
