import { redirect } from '@sveltejs/kit';
import { fail, message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as merge from '$lib/server/contacts/merge';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import { choicesOf, mergeSchema, type MergeFormData } from './schema';
import type { Actions, PageServerLoad } from './$types';

export type MergeRefusal = merge.MergeRefusal;

const REFUSAL_STATUS: Record<MergeRefusal, 400 | 404 | 409> = {
	not_found: 404,
	self: 400,
	already_merged: 409,
	same_person: 409
};

export const load: PageServerLoad = async ({ params, url }) => {
	requireStaff('contacts.manage');
	const database = await db();
	const survivor = await merge.findMergeContact(database, params.id);
	if (!survivor) notFound();
	const q = (url.searchParams.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
	if (survivor.mergedIntoId) {
		return { step: 'merged' as const, survivor, mergedIntoId: survivor.mergedIntoId };
	}

	let refused: MergeRefusal | null = null;
	const withId = url.searchParams.get('with');
	if (withId) {
		const result = await merge.previewMerge(database, survivor.id, withId);
		if (result.ok) {
			// Choices from the query: "Update the result" without JavaScript sends them by GET.
			const chosen = choicesOf(Object.fromEntries(url.searchParams));
			const values: MergeFormData = { with: result.preview.duplicate.id };
			for (const f of result.preview.fields) {
				if (f.differs) values[f.field] = chosen[f.field] ?? f.suggested;
			}
			return {
				step: 'compare' as const,
				survivor,
				preview: result.preview,
				form: await superValidate<MergeFormData, MergeRefusal>(values, zod4(mergeSchema), {
					errors: false
				})
			};
		}
		refused = result.reason;
	}
	return {
		step: 'search' as const,
		survivor,
		refused,
		q,
		candidates: q ? await merge.searchMergeCandidates(database, survivor.id, q) : []
	};
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const user = requireStaff('contacts.manage');
		const form = await superValidate<MergeFormData, MergeRefusal>(request, zod4(mergeSchema));
		if (!form.valid) return fail(400, { form });
		const result = await merge.mergeContacts(await db(), user, {
			survivorId: params.id,
			duplicateId: form.data.with,
			choices: choicesOf(form.data)
		});
		if (!result.ok) return message(form, result.reason, { status: REFUSAL_STATUS[result.reason] });
		redirect(303, localizeHref(`/staff/contacts/${result.survivorId}`));
	}
};
