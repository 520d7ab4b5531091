import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { localised } from '$lib/event-text';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	afterEventSchema,
	reminderIdSchema,
	reminderSchema,
	type AfterEventData,
	type ReminderData
} from '$lib/schemas/reminder';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { isId } from '$lib/server/db/ids';
import * as reminders from '$lib/server/reminders';
import type { Actions, PageServerLoad } from './$types';
import { findEvent } from '../event.server';

const page = (eventId: string) => localizeHref(`/staff/events/${eventId}/reminders?saved=1`);

/** A refusal the domain gives on a field: the hours clash or the reminder already went. */
const ON_FIELD: Record<reminders.ReminderRefusal, 'hours'> = {
	duplicate: 'hours',
	sent: 'hours',
	missing: 'hours'
};

export const load: PageServerLoad = async ({ params, url }) => {
	requireStaff('events.manage');
	const event = await findEvent(params.id);
	const list = await reminders.listReminders(await db(), event);
	const before = list.filter((r) => r.kind === 'before_start');
	const after = list.find((r) => r.kind === 'after_end');
	const asked = url.searchParams.get('edit');
	const editing = before.find((r) => r.id === asked && !r.sentAt);
	const reminderForm = await superValidate<ReminderData>(
		editing
			? {
					id: editing.id,
					hours: editing.hours,
					bodyFi: editing.bodyFi,
					bodySv: editing.bodySv,
					bodyEn: editing.bodyEn
				}
			: { hours: before.length === 0 ? 24 : 168 },
		zod4(reminderSchema),
		{ errors: false, id: 'reminder' }
	);
	const afterForm = await superValidate<AfterEventData>(
		after
			? {
					enabled: after.enabled,
					hours: after.hours,
					subjectFi: after.subjectFi,
					bodyFi: after.bodyFi,
					subjectSv: after.subjectSv,
					bodySv: after.bodySv,
					subjectEn: after.subjectEn,
					bodyEn: after.bodyEn
				}
			: {},
		zod4(afterEventSchema),
		{ errors: false, id: 'after' }
	);
	return {
		event: { id: event.id, title: localised(event, getLocale()).title },
		reminders: before,
		after: after ?? null,
		reminderForm,
		afterForm,
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions: Actions = {
	save: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<ReminderData>(request, zod4(reminderSchema), {
			id: 'reminder'
		});
		if (!form.valid) return fail(400, { reminderForm: form });
		const { id, ...values } = form.data;
		const database = await db();
		const result = id
			? isId(id)
				? await reminders.changeReminder(database, event.id, id, values, user)
				: ({ ok: false, reason: 'missing' } as const)
			: await reminders.addReminder(database, event.id, values, user);
		if (!result.ok) {
			setError(form, ON_FIELD[result.reason], result.reason);
			return fail(400, { reminderForm: form });
		}
		redirect(303, page(event.id));
	},
	switch: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const data = await request.formData();
		const parsed = reminderIdSchema.safeParse({ id: data.get('id') });
		if (!parsed.success || !isId(parsed.data.id)) return fail(400, { refused: 'missing' });
		const enabled = data.get('enabled') === 'true';
		const result = await reminders.changeReminder(
			await db(),
			event.id,
			parsed.data.id,
			{ enabled },
			user
		);
		if (!result.ok) return fail(400, { refused: result.reason });
		redirect(303, page(event.id));
	},
	delete: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const data = await request.formData();
		const parsed = reminderIdSchema.safeParse({ id: data.get('id') });
		if (!parsed.success || !isId(parsed.data.id)) return fail(400, { refused: 'missing' });
		const result = await reminders.deleteReminder(await db(), event.id, parsed.data.id, user);
		if (!result.ok) return fail(400, { refused: result.reason });
		redirect(303, page(event.id));
	},
	after: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<AfterEventData>(request, zod4(afterEventSchema), {
			id: 'after'
		});
		if (!form.valid) return fail(400, { afterForm: form });
		const result = await reminders.saveAfterEventMessage(await db(), event.id, form.data, user);
		if (!result.ok) {
			setError(form, 'hours', result.reason);
			return fail(400, { afterForm: form });
		}
		redirect(303, page(event.id));
	}
};
