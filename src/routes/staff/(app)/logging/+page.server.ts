import { requireStaff } from '$lib/server/auth/guard';
import { AUDIT_RETENTION_MONTHS } from '$lib/server/audit/retention-policy';
import type { PageServerLoad } from './$types';

/** The full staff logging notice: every role may read what is recorded about their own work. */
export const load: PageServerLoad = () => {
	requireStaff('dashboard.view');
	return { months: AUDIT_RETENTION_MONTHS };
};
