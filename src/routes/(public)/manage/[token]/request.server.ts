import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { manageRequestSchema } from '$lib/schemas/requests';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import * as requests from '$lib/server/requests';

/** Notices after a request button, from `?requested=`; anything else there is ignored. */
export const REQUESTED = requests.MANAGE_REQUEST_KINDS;

export type RequestRefusal = 'confirm_required' | 'no_email';

/**
 * The manage page's `request` action: "send me a copy of all my data" or "erase my data" lands in
 * the staff queue as a verified request (holding the link is the identity check), answered within
 * a month by email to the address on record. Erasure asks for a ticked confirmation first.
 */
export async function requestAction(token: string, request: Request) {
	const body = await request.formData().catch(() => new FormData());
	const parsed = manageRequestSchema.safeParse({ kind: body.get('kind') });
	if (!parsed.success) return fail(400, { requestRefused: 'confirm_required' as RequestRefusal });
	const { kind } = parsed.data;
	if (kind === 'erasure' && body.get('confirm') !== 'on') {
		return fail(400, { requestRefused: 'confirm_required' as RequestRefusal });
	}
	const result = await requests.startFromManage(await db(), token, kind, getLocale());
	if (!result.ok) {
		if (result.reason === 'not_found') notFound();
		return fail(409, { requestRefused: 'no_email' as RequestRefusal });
	}
	redirect(303, localizeHref(`/manage/${token}?requested=${kind}`));
}
