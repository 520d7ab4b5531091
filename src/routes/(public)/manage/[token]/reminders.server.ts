import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { reminderSwitchSchema } from '$lib/schemas/reminder';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import * as reminders from '$lib/server/reminders';
import * as registrations from '$lib/server/registrations';

/** Which of the registrant's active registrations get reminders, by id, for the page. */
export function remindersOf(view: registrations.ManageView): Record<string, boolean> {
	return Object.fromEntries(
		view.active.map(({ registration }) => [registration.id, registration.remindersEnabled])
	);
}

/** The manage page's `reminders` action: a POST, never a link, so no mail scanner flips it. */
export async function remindersAction(token: string, request: Request) {
	const view = await registrations.openManage(await db(), token);
	if (!view) notFound();
	const body = await request.formData().catch(() => new FormData());
	const parsed = reminderSwitchSchema.safeParse({
		registration: body.get('registration'),
		enabled: body.get('enabled')
	});
	const own = parsed.success
		? view.active.find((a) => a.registration.id === parsed.data.registration)
		: undefined;
	if (!parsed.success || !own) return fail(400, { remindersRefused: true });
	await reminders.setRegistrationReminders(
		await db(),
		own.registration.id,
		parsed.data.enabled === 'true'
	);
	redirect(303, localizeHref(`/manage/${token}?reminders=saved`));
}
