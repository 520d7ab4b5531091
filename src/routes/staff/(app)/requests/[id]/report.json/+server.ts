import { json } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { readReport } from '../access-report';
import type { RequestHandler } from './$types';

/** The access report as machine-readable JSON (Art. 20), downloaded as a file. */
export const GET: RequestHandler = async ({ params, url }) => {
	const user = requireStaff('requests.manage');
	const report = await readReport(user, params.id, 'json', url);
	const date = report.generatedAt.slice(0, 10);
	return json(report, {
		headers: {
			...PRIVATE_HEADERS,
			'content-disposition': `attachment; filename="data-request-${date}.json"`
		}
	});
};
