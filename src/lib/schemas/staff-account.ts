import { z } from 'zod';

z.config({ jitless: true });

/** Error keys the account page translates (src/lib/components/staff-errors.ts). */
export type StaffAccountErrorKey = 'required' | 'tooShort' | 'tooLong' | 'mismatch' | 'code';

// The server's checkNewPassword has the last word (it counts characters, not UTF-16 units, and
// knows the common passwords); this only spares an obviously short one the round trip.
const newPassword = z.string().min(12, 'tooShort').max(256, 'tooLong');
const currentPassword = z.string().min(1, 'required').max(256, 'tooLong');

export const changePasswordSchema = z
	.object({
		currentPassword,
		newPassword,
		repeatPassword: z.string().min(1, 'required').max(256, 'tooLong')
	})
	.refine((data) => data.newPassword === data.repeatPassword, {
		message: 'mismatch',
		path: ['repeatPassword']
	});

/**
 * The key travels in a hidden field: it is the user's own, and only a correct code saves it. The
 * password too, so a borrowed session cannot tie the account to someone else's authenticator.
 */
export const totpConfirmSchema = z.object({
	password: currentPassword,
	key: z.string().regex(/^[A-Z2-7]{32}$/, 'code'),
	code: z
		.string()
		.trim()
		.min(1, 'required')
		.regex(/^[0-9]{3} ?[0-9]{3}$/, 'code')
});

export const totpDisableSchema = z.object({ password: currentPassword });

export type ChangePasswordSchema = typeof changePasswordSchema;
export type TotpConfirmSchema = typeof totpConfirmSchema;
export type TotpDisableSchema = typeof totpDisableSchema;
