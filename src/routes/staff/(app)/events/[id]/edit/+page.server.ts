import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	toEventFields,
	toEventFormData,
	type EventFormData,
	type EventFormMessage
} from '$lib/schemas/event';
import { requireStaff } from '$lib/server/auth/guard';
import { eventSchema } from '$lib/server/events/schemas';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db/database';
import { isId } from '$lib/server/db/ids';
import { localised } from '$lib/event-text';
import * as manage from '$lib/server/events/manage';
import * as staffEvents from '$lib/server/events/staff';
import { notFound } from '$lib/server/http';
import * as eventImages from '$lib/server/images';
import {
	eventImageSchema,
	IMAGE_FILE_FIELD,
	type EventImageFormData,
	type ImageFileError
} from '$lib/schemas/event-image';
import { config } from '$lib/server/config';
import { mailContext } from '$lib/server/mail-context';
import { sizeText } from '../../../organisations/import/upload';
import { parseWholeNumber } from '$lib/whole-number';
import type { Actions, PageServerLoad } from './$types';

/** Not the new-event page's form id: the two pages' forms live side by side for a moment. */
const EDIT_EVENT_FORM_ID = 'event-edit';

/** Notices shown after a redirect back here; anything else in `?done=` is ignored. */
const DONE = [
	'created',
	'published',
	'unpublished',
	'cancelled',
	'imageSaved',
	'imageRemoved'
] as const;

/** The image section's own form. */
const IMAGE_FORM_ID = 'event-image';

const IMAGE_PROBLEMS: Record<eventImages.ImageProblem, ImageFileError> = {
	empty: 'imageRequired',
	tooLarge: 'imageTooLarge',
	notAnImage: 'imageNotAnImage',
	tooManyPixels: 'imageTooManyPixels',
	unreadable: 'imageUnreadable'
};

export const load: PageServerLoad = async ({ params, url }) => {
	requireStaff('events.manage');
	const found = await staffEvents.findWithCounts(await db(), params.id);
	if (!found) notFound();
	const { event, waitlisted, registered } = found;
	const form = await superValidate<EventFormData, EventFormMessage>(
		toEventFormData(event),
		zod4(eventSchema),
		// An event saved under older rules still opens; the checks apply when it is saved again.
		{ errors: false, id: EDIT_EVENT_FORM_ID }
	);
	const image = await eventImages.eventImageFor(await db(), event.id, getLocale());
	const imageForm = await superValidate<EventImageFormData>(
		image ? { altFi: image.altFi, altSv: image.altSv, altEn: image.altEn } : {},
		zod4(eventImageSchema),
		{ errors: false, id: IMAGE_FORM_ID }
	);
	const done = DONE.find((kind) => kind === url.searchParams.get('done')) ?? null;
	const maxBytes = eventImages.maxUploadBytes(config().bodySizeLimit);
	return {
		form,
		imageForm,
		image,
		imageLimit: { bytes: maxBytes, text: sizeText(maxBytes, getLocale()) ?? '' },
		event: {
			id: event.id,
			slug: event.slug,
			title: localised(event, getLocale()).title,
			status: event.status,
			confirmed: event.confirmedCount,
			capacity: event.capacity,
			waitlisted,
			registered
		},
		done,
		notified: parseWholeNumber(url.searchParams.get('notified')) ?? 0,
		confirmCancel: url.searchParams.get('confirm') === 'cancel' && event.status !== 'cancelled'
	};
};

const actorOf = (user: SessionUser) => ({ kind: 'staff' as const, id: user.id });
const editPage = (id: string, query: string) => localizeHref(`/staff/events/${id}/edit?${query}`);

export const actions: Actions = {
	save: async ({ request, params, url }) => {
		const user = requireStaff('events.manage');
		const form = await superValidate<EventFormData, EventFormMessage>(request, zod4(eventSchema), {
			id: EDIT_EVENT_FORM_ID
		});
		if (!form.valid) return fail(400, { form });
		if (!isId(params.id)) notFound();
		const result = await manage.updateEvent(
			await db(),
			params.id,
			toEventFields(form.data),
			actorOf(user),
			mailContext(url),
			{ notify: form.data.notifyRegistrants }
		);
		if (!result.ok) {
			if (result.reason === 'notFound') notFound();
			setError(form, 'capacity', 'capacityBelowConfirmed');
			return message(
				form,
				{ kind: 'capacityBelowConfirmed', confirmed: result.confirmed },
				{ status: 400 }
			);
		}
		// The box is for this save only: a later save must not mail everyone again unasked.
		form.data.notifyRegistrants = false;
		return message(form, { kind: 'saved', promoted: result.promoted, notified: result.notified });
	},

	image: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		if (!isId(params.id)) notFound();
		// A broken multipart body is answered like an empty form (400), not with a 500.
		const body = await request.formData().catch(() => new FormData());
		const imageForm = await superValidate<EventImageFormData>(body, zod4(eventImageSchema), {
			id: IMAGE_FORM_ID
		});
		const file = body.get(IMAGE_FILE_FIELD);
		const bytes =
			file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
		let imageError: ImageFileError | null = bytes ? null : 'imageRequired';
		const maxBytes = eventImages.maxUploadBytes(config().bodySizeLimit);
		if (bytes && bytes.byteLength > maxBytes) imageError = 'imageTooLarge';
		if (!imageForm.valid || imageError) return fail(400, { imageForm, imageError });
		const { altFi, altSv, altEn, people } = imageForm.data;
		const result = await eventImages.saveEventImage(await db(), actorOf(user), params.id, {
			bytes: bytes!,
			altFi,
			altSv,
			altEn,
			people: people!
		});
		if (!result.ok) {
			if (result.reason === 'notFound') notFound();
			return fail(400, { imageForm, imageError: IMAGE_PROBLEMS[result.problem] });
		}
		redirect(303, editPage(params.id, 'done=imageSaved#image-heading'));
	},

	removeImage: async ({ params }) => {
		const user = requireStaff('events.manage');
		if (!isId(params.id)) notFound();
		await eventImages.removeEventImage(await db(), actorOf(user), params.id);
		redirect(303, editPage(params.id, 'done=imageRemoved#image-heading'));
	},

	publish: async ({ params, url }) => {
		const user = requireStaff('events.manage');
		if (!isId(params.id)) notFound();
		const result = await manage.publish(await db(), params.id, actorOf(user), mailContext(url));
		if (!result.ok) return result.reason === 'notFound' ? notFound() : fail(409, { refused: true });
		redirect(303, editPage(params.id, 'done=published'));
	},

	unpublish: async ({ params }) => {
		const user = requireStaff('events.manage');
		if (!isId(params.id)) notFound();
		const result = await manage.unpublish(await db(), params.id, actorOf(user));
		if (!result.ok) return result.reason === 'notFound' ? notFound() : fail(409, { refused: true });
		redirect(303, editPage(params.id, 'done=unpublished'));
	},

	cancel: async ({ request, params, url }) => {
		const user = requireStaff('events.manage');
		if (!isId(params.id)) notFound();
		// Only the confirmation step's button carries this; any other post is sent to that step.
		const body = await request.formData().catch(() => new FormData());
		const confirmed = body.get('confirm') === 'yes';
		if (!confirmed) redirect(303, editPage(params.id, 'confirm=cancel'));
		const result = await manage.cancelEvent(await db(), params.id, actorOf(user), mailContext(url));
		if (!result.ok) return result.reason === 'notFound' ? notFound() : fail(409, { refused: true });
		redirect(303, editPage(params.id, `done=cancelled&notified=${result.notified}`));
	}
};
