import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale } from '$lib/paraglide/runtime';
import { formatShortDateTime } from '$lib/datetime';
import { createStaffUserSchema, staffSettingsSchema } from '$lib/schemas/staff-user';
import { requireStaff } from '$lib/server/auth/guard';
import * as settings from '$lib/server/auth/settings';
import * as userAdmin from '$lib/server/auth/user-admin';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';
import { takeSecrets } from '../../form-secrets';

export type CreateMessage = {
	kind: 'created';
	id: string;
	displayName: string;
	email: string;
	/** A generated password, shown in this one response and never again. */
	password: string | null;
};
export type SettingsMessage = { kind: 'saved' };

export const load: PageServerLoad = async () => {
	const user = requireStaff('users.manage');
	const database = await db();
	const locale = getLocale();
	const current = await settings.getSettings(database);
	return {
		selfId: user.id,
		users: (await userAdmin.list(database)).map((row) => ({
			...row,
			lastSignIn: row.lastSignInAt ? formatShortDateTime(row.lastSignInAt, locale) : null
		})),
		createForm: await superValidate(zod4(createStaffUserSchema)),
		settingsForm: await superValidate(
			{
				requireTotpAdmins: current.require_totp_admins,
				doorWindowHours: current.door_window_hours
			},
			zod4(staffSettingsSchema)
		)
	};
};

export const actions: Actions = {
	create: async ({ request }) => {
		const admin = requireStaff('users.manage');
		const form = await superValidate(request, zod4(createStaffUserSchema));
		const { password } = takeSecrets(form, 'password');
		if (!form.valid) return fail(400, { form });
		const result = await userAdmin.createUser(
			await db(),
			{ ...form.data, password: password || undefined },
			admin.id
		);
		if (!result.ok) {
			return result.reason === 'emailTaken'
				? setError(form, 'email', 'emailTaken')
				: setError(form, 'password', result.reason);
		}
		const created: CreateMessage = {
			kind: 'created',
			id: result.id,
			displayName: form.data.displayName,
			email: form.data.email,
			password: result.generatedPassword
		};
		// An empty form again, ready for the next person.
		Object.assign(form.data, { email: '', displayName: '', role: 'staff' });
		return message(form, created);
	},

	settings: async ({ request }) => {
		const admin = requireStaff('users.manage');
		const form = await superValidate(request, zod4(staffSettingsSchema));
		if (!form.valid) return fail(400, { form });
		await settings.setSettings(
			await db(),
			{
				require_totp_admins: form.data.requireTotpAdmins,
				door_window_hours: form.data.doorWindowHours
			},
			{ kind: 'staff', id: admin.id }
		);
		return message(form, { kind: 'saved' } satisfies SettingsMessage);
	}
};
