import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	HONEYPOT_FIELD,
	type PublicSignupData,
	type SignupFormMessage
} from '$lib/schemas/registration';
import { kioskLeaveSchema, type KioskLeaveData, type KioskLeaveMessage } from '$lib/schemas/kiosk';
import { requireStaff } from '$lib/server/auth/guard';
import { kioskPath, startKiosk, stopKiosk } from '$lib/server/auth/kiosk';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { presentEvent } from '$lib/server/events/present';
import { mailContext } from '$lib/server/mail-context';
import { requestEmailConsent } from '$lib/server/permissions/consent';
import { wordingFor } from '$lib/server/permissions/wording';
import * as registrations from '$lib/server/registrations';
import { publicSignupSchemaFor } from '$lib/server/registrations/schemas';
import type { Actions, PageServerLoad } from './$types';
import { findEvent } from '../event.server';

/** The kiosk ships no JavaScript, like the public event page whose form it shows. */
export const csr = false;

/**
 * Adding people is what a kiosk does, so it takes the right that adding a registrant takes
 * (attendees.manage): a door account, which only checks people in, cannot start one.
 */
export const load: PageServerLoad = async ({ params, locals }) => {
	requireStaff('attendees.manage');
	const event = await findEvent(params.id);
	const locale = getLocale();
	if (locals.session!.kioskEventId !== event.id) {
		return {
			locked: false as const,
			event: { id: event.id, title: events.localised(event, locale).title }
		};
	}
	return {
		locked: true as const,
		event: { ...presentEvent(event, locale), id: event.id },
		controllerName: config().controller.name,
		newsWording: wordingFor('news_by_email', locale).text,
		form: await superValidate<PublicSignupData, SignupFormMessage>(
			zod4(publicSignupSchemaFor(event))
		),
		leave: await superValidate<KioskLeaveData, KioskLeaveMessage>(zod4(kioskLeaveSchema), {
			id: 'leave'
		})
	};
};

export const actions: Actions = {
	start: async ({ params, locals }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		await startKiosk(await db(), { sessionId: locals.session!.id, userId: user.id }, event.id);
		redirect(303, localizeHref(kioskPath(event.id)));
	},

	/**
	 * The public sign-up, less the per-address limit: every visitor at the stand shares the
	 * tablet's address. Capacity, the window, duplicates and the per-recipient mail limit all
	 * hold, since they live in registrations.register.
	 */
	signup: async ({ request, params, url, locals }) => {
		requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		// Only a tablet in kiosk mode signs visitors up here; staff add people on the add page.
		if (locals.session!.kioskEventId !== event.id) redirect(303, localizeHref(kioskPath(event.id)));
		const formData = await request.formData().catch(() => new FormData());
		const form = await superValidate<PublicSignupData, SignupFormMessage>(
			formData,
			zod4(publicSignupSchemaFor(event))
		);
		if (!form.valid) return fail(400, { form });
		const thanks = localizeHref(`${kioskPath(event.id)}/thanks`);
		const honeypot = formData.getAll(HONEYPOT_FIELD);
		if (honeypot.some((value) => typeof value !== 'string' || value.trim() !== '')) {
			redirect(303, thanks);
		}
		const result = await registrations.register(await db(), {
			event,
			data: form.data,
			askNewsConsent: form.data.newsByEmail ? requestEmailConsent : undefined,
			locale: getLocale(),
			...mailContext(url)
		});
		if (!result.ok) {
			if (result.reason === 'closed') return message(form, { kind: 'closed' }, { status: 409 });
			for (const [field, key] of Object.entries(result.errors)) {
				setError(form, field as keyof PublicSignupData, key);
			}
			return fail(400, { form });
		}
		// The thank-you screen carries nothing of what was typed, so the next visitor sees none of it.
		redirect(303, thanks);
	},

	leave: async ({ request, params, locals }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const leave = await superValidate<KioskLeaveData, KioskLeaveMessage>(
			request,
			zod4(kioskLeaveSchema),
			{ id: 'leave' }
		);
		if (!leave.valid) return fail(400, { leave });
		const session = { sessionId: locals.session!.id, userId: user.id };
		const result = await stopKiosk(await db(), session, event.id, leave.data.password);
		leave.data.password = '';
		if (!result.ok) {
			if (result.reason === 'throttled') {
				return message(
					leave,
					{ kind: 'throttled', seconds: result.retryAfterSeconds },
					{ status: 429 }
				);
			}
			return message(leave, { kind: 'wrongPassword' }, { status: 400 });
		}
		// Back among staff pages, which have no Swedish.
		redirect(
			303,
			localizeHref(`/staff/events/${event.id}`, { locale: getLocale() === 'sv' ? 'fi' : undefined })
		);
	}
};
