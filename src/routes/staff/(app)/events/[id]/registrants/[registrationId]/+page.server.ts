import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	cancelRegistrationSchema,
	type StaffRegistrationData
} from '$lib/schemas/staff-registration';
import { staffRegistrationSchemaFor } from '$lib/server/registrations/schemas';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import { formatEventRange } from '$lib/datetime';
import { asLocale } from '$lib/locale';
import { moveRegistrationSchema, type MoveRegistrationData } from '$lib/schemas/move-registration';
import { listMoveTargets } from '$lib/server/events/series';
import type { Actions, PageServerLoad } from './$types';
import { findEvent, failOnFields } from '../../event.server';

type EditMessage = 'duplicate' | 'gone';
/** Why a move was refused, shown above the move form. */
export type MoveMessage = 'full' | 'duplicate' | 'closed' | 'gone';

const listPage = (eventId: string, done: string) =>
	localizeHref(`/staff/events/${eventId}?done=${done}`);

export const load: PageServerLoad = async ({ params, url }) => {
	const user = requireStaff('attendees.manage');
	const event = await findEvent(params.id);
	const found = await attendees.openRegistrant(await db(), user, event.id, params.registrationId);
	if (!found) notFound();
	const values: StaffRegistrationData = {
		firstName: found.firstName,
		lastName: found.lastName,
		email: found.email ?? '',
		phone: found.phone ?? '',
		street: found.street ?? '',
		postalCode: found.postalCode ?? '',
		city: found.city ?? ''
	};
	return {
		event: { id: event.id, title: events.localised(event, getLocale()).title },
		policies: { phonePolicy: event.phonePolicy, addressPolicy: event.addressPolicy },
		registrant: { id: found.id, status: found.status },
		form: await superValidate<StaffRegistrationData, EditMessage>(
			values,
			zod4(staffRegistrationSchemaFor(event)),
			// Details stored under an older field policy still open; the rules apply on save.
			{ errors: false }
		),
		cancelForm: await superValidate(zod4(cancelRegistrationSchema), { id: 'cancel' }),
		moveForm: await superValidate<MoveRegistrationData, MoveMessage>(zod4(moveRegistrationSchema), {
			id: 'move'
		}),
		// The other dates of the event's series that have not begun, with their free seats.
		moveTargets: (await listMoveTargets(await db(), event)).map((target) => ({
			id: target.id,
			when: formatEventRange(target.startsAt, target.endsAt, asLocale(getLocale())),
			seats: Math.max(0, target.capacity - target.confirmedCount)
		})),
		moved: url.searchParams.get('done') === 'moved'
	};
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<StaffRegistrationData, EditMessage>(
			request,
			zod4(staffRegistrationSchemaFor(event))
		);
		if (!form.valid) return fail(400, { form });
		const result = await attendees.updateRegistrant(
			await db(),
			user,
			event,
			params.registrationId,
			form.data
		);
		if (!result.ok) {
			if (result.reason === 'invalid') {
				return failOnFields(form, result.errors);
			}
			const reason = result.reason === 'duplicate' ? 'duplicate' : 'gone';
			return message(form, reason, { status: 409 });
		}
		redirect(303, listPage(event.id, 'updated'));
	},
	cancel: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const cancelForm = await superValidate(request, zod4(cancelRegistrationSchema), {
			id: 'cancel'
		});
		if (!cancelForm.valid) return fail(400, { cancelForm });
		const result = await attendees.cancelRegistrant(
			await db(),
			user,
			event.id,
			params.registrationId,
			mailContext(url)
		);
		if (!result.ok) return message(cancelForm, 'gone', { status: 409 });
		redirect(303, listPage(event.id, result.promotedId ? 'cancelled_promoted' : 'cancelled'));
	},
	move: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		if (!attendees.isId(params.registrationId)) notFound();
		const moveForm = await superValidate<MoveRegistrationData, MoveMessage>(
			request,
			zod4(moveRegistrationSchema),
			{ id: 'move' }
		);
		if (!moveForm.valid) return fail(400, { moveForm });
		const target = moveForm.data.targetId;
		const result = attendees.isId(target)
			? await attendees.moveRegistrant(
					await db(),
					user,
					event.id,
					params.registrationId,
					target,
					mailContext(url)
				)
			: ({ ok: false, reason: 'not_found' } as const);
		if (!result.ok) {
			const reason: MoveMessage =
				result.reason === 'full' || result.reason === 'duplicate'
					? result.reason
					: result.reason === 'closed' || result.reason === 'not_in_series'
						? 'closed'
						: 'gone';
			return message(moveForm, reason, { status: 409 });
		}
		redirect(
			303,
			localizeHref(`/staff/events/${target}/registrants/${params.registrationId}?done=moved`)
		);
	}
};
