import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatShortDateTime } from '$lib/datetime';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { permissionDecisionSchema, type PermissionErrorKey } from '$lib/schemas/permissions';
import * as audit from '$lib/server/audit';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import * as permissions from '$lib/server/permissions';
import { describePerson } from '$lib/server/permissions/person';
import type { Actions, PageServerLoad } from './$types';

/** Which field each of the ledger's refusals belongs to, and the words for it. */
const REFUSALS: Record<
	permissions.DecisionRefusal,
	{ field: 'channel' | 'note'; key: PermissionErrorKey }
> = {
	prohibited: { field: 'channel', key: 'permissionsProhibited' },
	channel_required: { field: 'channel', key: 'permissionsChannelRequired' },
	justification_required: { field: 'note', key: 'permissionsJustificationRequired' },
	note_required: { field: 'note', key: 'permissionsNoteRequired' }
};

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('permissions.manage');
	const database = await db();
	const who = await describePerson(database, params.personId);
	if (!who) notFound();
	// A registrant linked to a contact, or a merged duplicate: the page lives at the person's key now.
	if (who.personId !== params.personId) {
		redirect(303, localizeHref(`/staff/permissions/${who.personId}`));
	}
	const [state, history] = await Promise.all([
		permissions.stateOf(database, who.personId),
		permissions.historyOf(database, who.personId)
	]);
	await audit.record(database, {
		action: 'permissions.viewed',
		actor: { kind: 'staff', id: user.id },
		subject: { type: 'person', id: who.personId },
		count: history.length
	});
	const locale = getLocale();
	return {
		person: who,
		state: permissions.CHANNELS.map((channel) => ({
			channel,
			decision: state[channel].decision,
			basis: state[channel].basis,
			since: state[channel].since ? formatShortDateTime(state[channel].since, locale) : null,
			sinceIso: state[channel].since?.toISOString() ?? null,
			mayMarket: state[channel].mayMarket
		})),
		history: history.map((entry) => ({
			id: entry.id,
			at: formatShortDateTime(entry.recordedAt, locale),
			atIso: entry.recordedAt.toISOString(),
			channel: entry.channel,
			decision: entry.decision,
			basis: entry.basis,
			source: entry.source,
			wording: entry.wording,
			note: entry.note,
			recordedByPerson: entry.recordedByPerson,
			staffName: entry.staffName
		})),
		form: await superValidate(zod4(permissionDecisionSchema)),
		recorded: url.searchParams.get('done') === 'recorded'
	};
};

export const actions: Actions = {
	default: async ({ request, params }) => {
		const user = requireStaff('permissions.manage');
		const database = await db();
		// Decisions go under the key the page shows; an unknown one has no page to post to.
		const who = await describePerson(database, params.personId);
		if (!who) notFound();
		const form = await superValidate(request, zod4(permissionDecisionSchema));
		if (!form.valid) return fail(400, { form });
		const { channel, decision, basis, note } = form.data;
		const result = await permissions.recordDecision(database, {
			personId: who.personId,
			channel,
			decision,
			basis: decision === 'granted' ? basis : undefined,
			source: 'staff',
			note,
			recordedBy: { kind: 'staff', id: user.id }
		});
		if (!result.ok) {
			const refusal = REFUSALS[result.reason];
			return setError(form, refusal.field, refusal.key);
		}
		redirect(303, localizeHref(`/staff/permissions/${who.personId}?done=recorded`));
	}
};
