import { z } from 'zod';

z.config({ jitless: true });

/** Error keys the staff sign-in components translate. */
export type StaffLoginErrorKey = 'required' | 'email';

export const staffLoginSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, 'required')
		.max(254, 'email')
		.regex(/^[^@\s]+@[^@\s]+$/, 'email'),
	password: z.string().min(1, 'required').max(256, 'required')
});

/** The second step: a six-digit TOTP code or a recovery code (letters and digits, dashes ignored). */
export const staffCodeSchema = z.object({
	code: z
		.string()
		.trim()
		.min(1, 'required')
		.regex(/^([0-9]{6}|[A-Za-z0-9-]{10,24})$/, 'code')
});

export type StaffLoginSchema = typeof staffLoginSchema;
export type StaffCodeSchema = typeof staffCodeSchema;
