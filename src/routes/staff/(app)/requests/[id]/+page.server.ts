import { fail, redirect } from '@sveltejs/kit';
import {
	setError,
	superValidate,
	type FormPathLeavesWithErrors,
	type SuperValidated
} from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	closeRequestSchema,
	eraseSchema,
	extendRequestSchema,
	identityCheckSchema
} from '$lib/schemas/requests';
import { requireStaff } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import * as requests from '$lib/server/requests';
import { reportOrigin } from './access-report';
import { presentRequest } from './present';
import type { Actions, PageServerLoad } from './$types';
import { takeSecrets } from '../../../form-secrets';

/** Notices after a redirect here; anything else in `?done=` is ignored. */
const DONE = [
	'created',
	'verification_sent',
	'verified',
	'extended',
	'report_sent',
	'objection_recorded',
	'erased',
	'completed',
	'rejected'
] as const;
export type Done = (typeof DONE)[number];
export type Refusal =
	| 'closed'
	| 'already_verified'
	| 'no_email'
	| 'nothing_held'
	| 'has_email'
	| 'not_verified'
	| 'too_long'
	| 'not_later';

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('requests.manage');
	const view = await requests.openRequest(await db(), user, params.id);
	if (!view) notFound();
	return {
		...presentRequest(view, getLocale()),
		suppressionKeyConfigured: config().suppressionKeyConfigured,
		done: DONE.find((kind) => kind === url.searchParams.get('done')) ?? null,
		identityForm: await superValidate(zod4(identityCheckSchema)),
		extendForm: await superValidate(zod4(extendRequestSchema)),
		closeForm: await superValidate(zod4(closeRequestSchema)),
		eraseForm: await superValidate(zod4(eraseSchema))
	};
};

const back = (id: string, done: Done) => localizeHref(`/staff/requests/${id}?done=${done}`);

/** A domain refusal as the page shows it; an unknown request is a 404 like any missing page. */
function refuse(reason: string) {
	if (reason === 'not_found') notFound();
	return fail(409, { refused: reason as Refusal });
}

function reportContext(url: URL) {
	return { ...mailContext(url), ...reportOrigin(url) };
}

export const actions: Actions = {
	verify: async ({ params, url }) => {
		const user = requireStaff('requests.manage');
		const result = await requests.sendVerification(await db(), user, params.id, mailContext(url));
		return settle(result, params.id, 'verification_sent');
	},

	identity: async ({ params, request }) => {
		const user = requireStaff('requests.manage');
		const form = await superValidate(request, zod4(identityCheckSchema));
		if (!form.valid) return fail(400, { form });
		const { identityCheck } = form.data;
		const result = await requests.recordIdentityCheck(await db(), user, params.id, identityCheck);
		return settle(result, params.id, 'verified', { form, field: 'identityCheck' });
	},

	extend: async ({ params, request }) => {
		const user = requireStaff('requests.manage');
		const form = await superValidate(request, zod4(extendRequestSchema));
		if (!form.valid) return fail(400, { form });
		const result = await requests.extendRequest(await db(), user, params.id, form.data);
		return settle(result, params.id, 'extended', { form, field: 'reason' });
	},

	report: async ({ params, url }) => {
		const user = requireStaff('requests.manage');
		const result = await requests.sendAccessReport(await db(), user, params.id, reportContext(url));
		return settle(result, params.id, 'report_sent');
	},

	objection: async ({ params }) => {
		const user = requireStaff('requests.manage');
		const result = await requests.recordObjection(await db(), user, params.id);
		return settle(result, params.id, 'objection_recorded');
	},

	erase: async ({ params, request }) => {
		const user = requireStaff('requests.manage');
		const form = await superValidate(request, zod4(eraseSchema));
		const { password } = takeSecrets(form, 'password');
		if (!form.valid) return fail(400, { form });
		const result = await requests.erasePerson(await db(), user, params.id, {
			password,
			alsoObject: form.data.alsoObject
		});
		if (!result.ok && result.reason === 'wrongPassword') {
			return setError(form, 'password', 'wrongPassword');
		}
		if (!result.ok && result.reason === 'throttled') {
			return setError(form, '', 'requestsThrottled', { status: 429 });
		}
		return settle(result, params.id, 'erased');
	},

	complete: async ({ params, request }) => {
		const user = requireStaff('requests.manage');
		return close(user, params.id, request, 'completed');
	},

	reject: async ({ params, request }) => {
		const user = requireStaff('requests.manage');
		return close(user, params.id, request, 'rejected');
	}
};

async function close(
	user: requests.StaffActor,
	id: string,
	request: Request,
	status: 'completed' | 'rejected'
) {
	const form = await superValidate(request, zod4(closeRequestSchema));
	if (!form.valid) return fail(400, { form });
	const { outcome } = form.data;
	const result = await requests.closeRequest(await db(), user, id, { status, outcome });
	return settle(result, id, status, { form, field: 'outcome' });
}

/**
 * The end of a step on the request: back to it with the step's notice, or the refusal. A step with a
 * note shows a missing one (`note_required`, `reason_required`) as the note field's error; any other
 * refusal is the page's.
 */
function settle<T extends Record<string, unknown>>(
	result: { ok: true } | { ok: false; reason: string },
	id: string,
	done: Done,
	note?: { form: SuperValidated<T>; field: FormPathLeavesWithErrors<T> }
) {
	if (result.ok) redirect(303, back(id, done));
	if (note && (result.reason === 'note_required' || result.reason === 'reason_required')) {
		return setError(note.form, note.field, 'required');
	}
	return refuse(result.reason);
}
