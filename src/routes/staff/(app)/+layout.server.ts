import { requireStaff } from '$lib/server/auth/guard';
import { ROLE_RIGHTS } from '$lib/server/auth/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const user = requireStaff('account.manage');
	return { user, rights: ROLE_RIGHTS[user.role] };
};
