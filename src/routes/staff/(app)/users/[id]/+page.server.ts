import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { getLocale } from '$lib/paraglide/runtime';
import { formatShortDateTime } from '$lib/datetime';
import { resetPasswordSchema, staffRoleSchema } from '$lib/schemas/staff-user';
import { requireStaff } from '$lib/server/auth/guard';
import * as userAdmin from '$lib/server/auth/user-admin';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';
import { takeSecrets } from '../../../form-secrets';

export type RoleMessage = { kind: 'saved' };
/** A generated password is shown in this one response and never again. */
export type ResetMessage = { kind: 'reset'; password: string | null };
export type StatusResult = { done: 'disabled' | 'enabled' | 'totpReset' };

async function target(id: string) {
	const user = await userAdmin.find(await db(), id);
	if (!user) error(404, 'Not found');
	return user;
}

/** Domain refusals as answers: a missing account 404, one's own account 400. */
function refused(reason: 'self' | 'notFound' | 'notEnabled') {
	if (reason === 'notFound') error(404, 'Not found');
	return fail(400, { refused: reason });
}

export const load: PageServerLoad = async ({ params }) => {
	const admin = requireStaff('users.manage');
	const user = await target(params.id);
	return {
		user: {
			...user,
			lastSignIn: user.lastSignInAt ? formatShortDateTime(user.lastSignInAt, getLocale()) : null
		},
		self: user.id === admin.id,
		roleForm: await superValidate({ role: user.role }, zod4(staffRoleSchema)),
		resetForm: await superValidate(zod4(resetPasswordSchema))
	};
};

export const actions: Actions = {
	role: async ({ params, request }) => {
		const admin = requireStaff('users.manage');
		const form = await superValidate(request, zod4(staffRoleSchema));
		if (!form.valid) return fail(400, { form });
		const result = await userAdmin.changeRole(
			await db(),
			{ id: params.id, role: form.data.role },
			admin.id
		);
		if (!result.ok) return refused(result.reason);
		return message(form, { kind: 'saved' } satisfies RoleMessage);
	},

	password: async ({ params, request }) => {
		const admin = requireStaff('users.manage');
		const form = await superValidate(request, zod4(resetPasswordSchema));
		const { newPassword } = takeSecrets(form, 'newPassword');
		if (!form.valid) return fail(400, { form });
		const result = await userAdmin.resetPassword(
			await db(),
			{ id: params.id, password: newPassword || undefined },
			admin.id
		);
		if (!result.ok) {
			if (result.reason === 'self' || result.reason === 'notFound') return refused(result.reason);
			return setError(form, 'newPassword', result.reason);
		}
		return message(form, {
			kind: 'reset',
			password: result.generatedPassword
		} satisfies ResetMessage);
	},

	disable: async ({ params }) => {
		const admin = requireStaff('users.manage');
		return setDisabled(admin.id, params.id, true);
	},

	enable: async ({ params }) => {
		const admin = requireStaff('users.manage');
		return setDisabled(admin.id, params.id, false);
	},

	totpReset: async ({ params }) => {
		const admin = requireStaff('users.manage');
		const result = await userAdmin.resetTotp(await db(), params.id, admin.id);
		return result.ok ? ({ done: 'totpReset' } satisfies StatusResult) : refused(result.reason);
	}
};

async function setDisabled(adminId: string, id: string, disabled: boolean) {
	const result = await userAdmin.setDisabled(await db(), { id, disabled }, adminId);
	if (!result.ok) return refused(result.reason);
	return { done: disabled ? 'disabled' : 'enabled' } satisfies StatusResult;
}
