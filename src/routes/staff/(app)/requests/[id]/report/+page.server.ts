import { requireStaff } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound, PRIVATE_HEADERS } from '$lib/server/http';
import * as requests from '$lib/server/requests';
import type { PageServerLoad } from './$types';

/** The access report as a printable page (Art. 15(3): a copy in a commonly used form). */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const user = requireStaff('requests.manage');
	const { controller, origin } = config();
	const report = await requests.readAccessReport(await db(), user, params.id, 'html', {
		controller,
		origin: origin ?? url.origin
	});
	if (!report) notFound();
	setHeaders(PRIVATE_HEADERS);
	return { id: params.id, report };
};
