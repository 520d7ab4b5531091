import { z } from 'zod';
import { wholeNumberField } from './whole-number';

z.config({ jitless: true });

export const STAFF_ROLES = ['admin', 'staff', 'door'] as const;

/** Error keys the user pages translate (src/lib/components/staff-errors.ts). */
export type StaffUserErrorKey = 'required' | 'email' | 'tooShort' | 'tooLong' | 'range';

const role = z.enum(STAFF_ROLES, { message: 'required' });

/** Empty means "generate one": the admin then reads it once and hands it over. */
const optionalPassword = z
	.string()
	.max(256, 'tooLong')
	.refine((password) => password === '' || password.length >= 12, 'tooShort');

export const createStaffUserSchema = z.object({
	email: z
		.string()
		.trim()
		.min(1, 'required')
		.max(254, 'email')
		.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'email'),
	displayName: z.string().trim().min(1, 'required').max(100, 'tooLong'),
	role: role.default('staff'),
	password: optionalPassword
});

export const staffRoleSchema = z.object({ role });

export const resetPasswordSchema = z.object({ newPassword: optionalPassword });

export const staffSettingsSchema = z.object({
	requireTotpAdmins: z.boolean(),
	doorWindowHours: wholeNumberField({ min: 1, max: 168, invalidKey: 'range', requiredKey: 'range' })
});

export type CreateStaffUserSchema = typeof createStaffUserSchema;
export type StaffRoleSchema = typeof staffRoleSchema;
export type ResetPasswordSchema = typeof resetPasswordSchema;
export type StaffSettingsSchema = typeof staffSettingsSchema;
