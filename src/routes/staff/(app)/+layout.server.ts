import { redirect } from '@sveltejs/kit';
import { deLocalizeUrl, localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { ROLE_RIGHTS } from '$lib/server/auth/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ url, locals }) => {
	const user = requireStaff('account.manage');
	// The guard refuses everything but the account page to an admin who must enrol TOTP first; the
	// layout sends them there from pages that only need 'account.manage' (the dashboard's nav).
	// Reading the path makes this load rerun on every navigation.
	if (deLocalizeUrl(url).pathname !== '/staff/account' && locals.mustEnrollTotp) {
		redirect(303, localizeHref('/staff/account'));
	}
	return { user, rights: ROLE_RIGHTS[user.role] };
};
