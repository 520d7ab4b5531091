import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { attendeeMessageSchema, type AttendeeMessageData } from '$lib/schemas/attendee-message';
import * as attendeeMessages from '$lib/server/attendee-messages';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { isId } from '$lib/server/db/ids';
import type { EventMessage } from '$lib/server/db/schema';
import { localised } from '$lib/event-text';
import { notFound } from '$lib/server/http';
import { mailContext } from '$lib/server/mail-context';
import { parseWholeNumber } from '$lib/whole-number';
import type { Actions, PageServerLoad } from './$types';
import { findEvent } from '../event.server';

/** A refusal of the whole form: the draft was sent meanwhile (another tab, another staff member). */
export type ComposeMessage = 'notDraft';

const DONE = ['saved', 'sent'] as const;

const page = (eventId: string, query = '') =>
	localizeHref(`/staff/events/${eventId}/messages${query ? `?${query}` : ''}`);

function formData(draft: EventMessage | null): Partial<AttendeeMessageData> {
	if (!draft) return { audience: ['confirmed'], marketing: false };
	return {
		id: draft.id,
		audience: draft.audience,
		marketing: draft.marketing,
		subjectFi: draft.subjectFi,
		bodyFi: draft.bodyFi,
		subjectSv: draft.subjectSv,
		bodySv: draft.bodySv,
		subjectEn: draft.subjectEn,
		bodyEn: draft.bodyEn
	};
}

export const load: PageServerLoad = async ({ params, url }) => {
	requireStaff('attendees.manage');
	const event = await findEvent(params.id);
	const database = await db();
	const asked = url.searchParams.get('message');
	const current = isId(asked)
		? await attendeeMessages.findMessage(database, event.id, asked)
		: null;
	const draft = current?.status === 'draft' ? current : null;
	const form = await superValidate<AttendeeMessageData, ComposeMessage>(
		formData(draft),
		zod4(attendeeMessageSchema),
		{ errors: false }
	);
	const preview = draft
		? await attendeeMessages.previewMessage(database, event, draft, mailContext(url))
		: null;
	return {
		event: { id: event.id, title: localised(event, getLocale()).title },
		messages: await attendeeMessages.listMessages(database, event.id),
		form,
		draftId: draft?.id ?? null,
		preview,
		confirmSend: Boolean(
			preview && preview.total > 0 && url.searchParams.get('confirm') === 'send'
		),
		done: DONE.find((kind) => kind === url.searchParams.get('done')) ?? null,
		count: parseWholeNumber(url.searchParams.get('count')) ?? 0
	};
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<AttendeeMessageData, ComposeMessage>(
			request,
			zod4(attendeeMessageSchema)
		);
		if (!form.valid) return fail(400, { form });
		const { id, ...fields } = form.data;
		const database = await db();
		let draftId = id;
		if (isId(id)) {
			const result = await attendeeMessages.updateDraft(database, {
				eventId: event.id,
				messageId: id,
				fields
			});
			if (!result.ok) {
				if (result.reason === 'notFound') notFound();
				return message(form, 'notDraft', { status: 409 });
			}
		} else {
			draftId = await attendeeMessages.createDraft(database, {
				eventId: event.id,
				authorId: user.id,
				fields
			});
		}
		redirect(303, page(event.id, `message=${draftId}&done=saved`));
	},

	send: async ({ request, params, url }) => {
		const user = requireStaff('attendees.manage');
		const event = await findEvent(params.id);
		const body = await request.formData().catch(() => new FormData());
		const messageId = body.get('messageId');
		if (!isId(messageId)) return fail(400, { refused: 'notFound' as const });
		// Only the confirmation step's button carries this; any other post is sent to that step.
		if (body.get('confirm') !== 'yes') {
			redirect(303, page(event.id, `message=${messageId}&confirm=send`));
		}
		const result = await attendeeMessages.sendMessage(await db(), {
			event,
			messageId,
			actor: user,
			context: mailContext(url)
		});
		if (!result.ok) {
			if (result.reason === 'notFound') notFound();
			return fail(result.reason === 'alreadySent' ? 409 : 400, { refused: result.reason });
		}
		redirect(303, page(event.id, `done=sent&count=${result.recipients}`));
	}
};
