import { json } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as requests from '$lib/server/requests';
import type { RequestHandler } from './$types';

/** The access report as machine-readable JSON (Art. 20), downloaded as a file. */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireStaff('requests.manage');
	const { controller, origin } = config();
	const report = await requests.readAccessReport(await db(), user, params.id, 'json', {
		controller,
		origin: origin ?? url.origin
	});
	if (!report) notFound();
	const date = report.generatedAt.slice(0, 10);
	return json(report, {
		headers: {
			...PRIVATE_HEADERS,
			'content-disposition': `attachment; filename="data-request-${date}.json"`
		}
	});
};
