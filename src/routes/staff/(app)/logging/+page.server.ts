import { requireStaff } from '$lib/server/auth/guard';
import { currentPolicy } from '$lib/server/retention/policy';
import type { PageServerLoad } from './$types';

/** The full staff logging notice: every role may read what is recorded about their own work. */
export const load: PageServerLoad = () => {
	requireStaff('dashboard.view');
	return { months: currentPolicy().auditMonths };
};
