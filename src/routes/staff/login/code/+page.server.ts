import { redirect } from '@sveltejs/kit';
import { fail, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { staffCodeSchema } from '$lib/schemas/staff-login';
import * as audit from '$lib/server/audit';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { safeNext } from '$lib/server/auth/next';
import { secretKeyOf } from '$lib/server/auth/secret-key';
import { invalidateSession } from '$lib/server/auth/session';
import * as totp from '$lib/server/auth/totp';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';
import { refuse, throttleAddress } from '../sign-in-step';
import { takeSecrets } from '../../form-secrets';

/**
 * The second sign-in step, open to a session that has passed the password but not yet the code. It
 * cannot use requireStaff (which sends exactly such sessions here), so it checks the session itself.
 */
function pendingSession(locals: App.Locals, url: URL) {
	const { user, session } = locals;
	if (!user || !session) redirect(303, localizeHref('/staff/login'));
	if (session.secondFactorVerified) {
		redirect(303, localizeHref(safeNext(url.searchParams.get('next'), url.origin)));
	}
	return { user, session };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	pendingSession(locals, url);
	return { form: await superValidate(zod4(staffCodeSchema)) };
};

export const actions: Actions = {
	verify: async ({ locals, request, url, getClientAddress }) => {
		const { user, session } = pendingSession(locals, url);
		const form = await superValidate(request, zod4(staffCodeSchema));
		// A recovery code is spent once used; either way it does not travel back to the browser.
		const { code } = takeSecrets(form, 'code');
		const database = await db();
		// A cap on attempts per address, as at the password step, on top of verifySecondFactor's own.
		const wait = await throttleAddress(database, 'login-code', getClientAddress());
		if (wait !== null) return refuse(form, wait);
		if (!form.valid) return fail(400, { form });
		const result = await totp.verifySecondFactor(database, {
			userId: user.id,
			sessionId: session.id,
			code,
			address: getClientAddress(),
			rateKey: config().rateKey,
			secretKey: secretKeyOf(config())
		});
		if (!result.ok) {
			return refuse(form, result.reason === 'throttled' ? result.retryAfterSeconds : undefined);
		}
		redirect(303, localizeHref(safeNext(url.searchParams.get('next'), url.origin)));
	},

	// The way back for someone at this step (wrong account, no phone at hand): requireStaff would
	// send them here again, so the ordinary sign-out cannot serve them.
	cancel: async ({ locals, cookies, url }) => {
		const { user, session } = locals;
		if (user && session && !session.secondFactorVerified) {
			const database = await db();
			await invalidateSession(database, session.id);
			await audit.record(database, {
				action: 'staff.signed_out',
				actor: { kind: 'staff', id: user.id },
				subject: { type: 'staff_user', id: user.id },
				details: { step: 'second_factor' }
			});
			deleteSessionCookie(cookies, url.protocol === 'https:');
		}
		redirect(303, localizeHref('/staff/login'));
	}
};
