import { fail, message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	changePasswordSchema,
	totpConfirmSchema,
	totpDisableSchema
} from '$lib/schemas/staff-account';
import * as account from '$lib/server/auth/account';
import { requireStaff } from '$lib/server/auth/guard';
import { secretKeyOf } from '$lib/server/auth/secret-key';
import * as totp from '$lib/server/auth/totp';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import type { Actions, PageServerLoad } from './$types';
import { takeSecrets } from '../../form-secrets';

export type PasswordMessage = { kind: 'changed' } | { kind: 'throttled'; seconds: number };
export type TotpMessage =
	/** Enrollment under way: the QR code and the key, for this response only. */
	| { kind: 'enroll'; qrCode: string; key: string; throttledSeconds?: number }
	/** Shown once, right after the code was confirmed; only their hashes are kept. */
	| { kind: 'enabled'; recoveryCodes: string[] }
	| { kind: 'disabled' }
	| { kind: 'requiredForAdmins' }
	| { kind: 'throttled'; seconds: number };

async function enrollment(email: string, keyText: string): Promise<TotpMessage | undefined> {
	const key = totp.decodeKey(keyText);
	if (!key) return undefined;
	const qrCode = await totp.qrCodeDataUri(totp.keyUri(email, key));
	// Groups of four are easier to type into an app by hand; apps ignore the spaces.
	return { kind: 'enroll', qrCode, key: keyText.match(/.{1,4}/g)!.join(' ') };
}

export const load: PageServerLoad = async () => {
	const user = requireStaff('account.manage');
	const database = await db();
	return {
		account: { email: user.email, displayName: user.displayName, role: user.role },
		totpEnabled: user.totpEnabled,
		recoveryCodesLeft: user.totpEnabled ? await totp.unusedRecoveryCodes(database, user.id) : 0,
		mustEnroll: await account.mustEnrollTotp(database, user),
		passwordForm: await superValidate(zod4(changePasswordSchema)),
		totpForm: await superValidate(zod4(totpConfirmSchema)),
		disableForm: await superValidate(zod4(totpDisableSchema))
	};
};

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const user = requireStaff('account.manage');
		const form = await superValidate(request, zod4(changePasswordSchema));
		const { currentPassword, newPassword } = takeSecrets(
			form,
			'currentPassword',
			'newPassword',
			'repeatPassword'
		);
		if (!form.valid) return fail(400, { form });
		const result = await account.changePassword(await db(), {
			userId: user.id,
			sessionId: locals.session!.id,
			currentPassword,
			newPassword
		});
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const msg: PasswordMessage = { kind: 'throttled', seconds: result.retryAfterSeconds };
				return message(form, msg, { status: 429 });
			}
			if (result.reason === 'wrongPassword')
				return setError(form, 'currentPassword', result.reason);
			return setError(form, 'newPassword', result.reason);
		}
		return message(form, { kind: 'changed' } satisfies PasswordMessage);
	},

	totpStart: async () => {
		const user = requireStaff('account.manage');
		const form = await superValidate(zod4(totpConfirmSchema));
		if (user.totpEnabled) return fail(400, { form });
		form.data.key = totp.encodeKey(totp.generateKey());
		// Not message(): the empty form counts as invalid, and message() would answer 400.
		form.message = await enrollment(user.email, form.data.key);
		return { form };
	},

	totpConfirm: async ({ request, locals }) => {
		const user = requireStaff('account.manage');
		const form = await superValidate(request, zod4(totpConfirmSchema));
		const { password } = takeSecrets(form, 'password');
		// A failed attempt shows the same QR code again, so the app already set up still fits.
		const shown = await enrollment(user.email, form.data.key);
		form.message = shown;
		if (!form.valid) return fail(400, { form });
		const result = await account.enableTotp(await db(), {
			userId: user.id,
			sessionId: locals.session!.id,
			password,
			key: form.data.key,
			code: form.data.code.replace(' ', ''),
			secretKey: secretKeyOf(config())
		});
		form.data.code = '';
		if (!result.ok) {
			if (result.reason === 'wrongPassword') return setError(form, 'password', result.reason);
			if (result.reason === 'throttled') {
				if (shown) form.message = { ...shown, throttledSeconds: result.retryAfterSeconds };
				return fail(429, { form });
			}
			if (result.reason === 'alreadyEnabled') form.message = undefined;
			return setError(form, 'code', 'invalidCode');
		}
		form.data.key = '';
		return message(form, {
			kind: 'enabled',
			recoveryCodes: result.recoveryCodes
		} satisfies TotpMessage);
	},

	totpDisable: async ({ request, locals }) => {
		const user = requireStaff('account.manage');
		const form = await superValidate(request, zod4(totpDisableSchema));
		const { password } = takeSecrets(form, 'password');
		if (!form.valid) return fail(400, { form });
		const result = await account.disableTotp(await db(), {
			userId: user.id,
			sessionId: locals.session!.id,
			password
		});
		if (!result.ok) {
			if (result.reason === 'wrongPassword') return setError(form, 'password', result.reason);
			const msg: TotpMessage =
				result.reason === 'throttled'
					? { kind: 'throttled', seconds: result.retryAfterSeconds }
					: { kind: result.reason === 'requiredForAdmins' ? 'requiredForAdmins' : 'disabled' };
			return message(form, msg, { status: result.reason === 'throttled' ? 429 : 400 });
		}
		return message(form, { kind: 'disabled' } satisfies TotpMessage);
	}
};
