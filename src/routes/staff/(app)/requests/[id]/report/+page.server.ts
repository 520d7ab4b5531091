import { requireStaff } from '$lib/server/auth/guard';
import { PRIVATE_HEADERS } from '$lib/server/http';
import { readReport } from '../access-report';
import type { PageServerLoad } from './$types';

/** The access report as a printable page (Art. 15(3): a copy in a commonly used form). */
export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	const user = requireStaff('requests.manage');
	const report = await readReport(user, params.id, 'html', url);
	setHeaders(PRIVATE_HEADERS);
	return { id: params.id, report };
};
