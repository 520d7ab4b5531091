import { redirect } from '@sveltejs/kit';
import { fail, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { staffLoginSchema } from '$lib/schemas/staff-login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { safeNext } from '$lib/server/auth/next';
import { createSession, generateSessionToken } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';
import { refuse, throttleAddress } from './sign-in-step';
import { takeSecrets } from '../form-secrets';

// The sign-in page is one of the two staff routes open to anonymous visitors.
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user && locals.session?.secondFactorVerified) {
		redirect(303, localizeHref(safeNext(url.searchParams.get('next'), url.origin)));
	}
	return { form: await superValidate(zod4(staffLoginSchema)) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await superValidate(request, zod4(staffLoginSchema));
		const { password } = takeSecrets(form, 'password');
		const database = await db();
		const wait = await throttleAddress(database, 'login', getClientAddress());
		if (wait !== null) return refuse(form, wait);
		if (!form.valid) return fail(400, { form });
		const result = await signIn(database, {
			email: form.data.email,
			password,
			address: getClientAddress(),
			secret: config().rateKey
		});
		if (!result.ok) {
			return refuse(form, result.reason === 'throttled' ? result.retryAfterSeconds : undefined);
		}
		const token = generateSessionToken();
		const session = await createSession(database, token, result.userId, !result.needsSecondFactor);
		setSessionCookie(cookies, token, session.expiresAt, url.protocol === 'https:');
		const next = safeNext(url.searchParams.get('next'), url.origin);
		if (result.needsSecondFactor) {
			redirect(303, localizeHref(`/staff/login/code?next=${encodeURIComponent(next)}`));
		}
		redirect(303, localizeHref(next));
	}
};
