import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import * as audit from '$lib/server/audit';
import { requireStaff } from '$lib/server/auth/guard';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST only; a GET (a link, a prefetch) must not end the session.
export const load: PageServerLoad = () => {
	requireStaff('account.manage');
	redirect(303, localizeHref('/staff'));
};

export const actions: Actions = {
	default: async ({ locals, cookies, url, setHeaders }) => {
		const user = requireStaff('account.manage');
		const database = await db();
		await invalidateSession(database, locals.session!.id);
		await audit.record(database, {
			action: 'staff.signed_out',
			actor: { kind: 'staff', id: user.id },
			subject: { type: 'staff_user', id: user.id }
		});
		deleteSessionCookie(cookies, url.protocol === 'https:');
		// A door device's offline list, queue, cached shell and service worker go with the session,
		// even when the sign-out form was posted without the page's script (src/lib/door-offline/).
		setHeaders({ 'clear-site-data': '"storage"' });
		redirect(303, localizeHref('/staff/login'));
	}
};
