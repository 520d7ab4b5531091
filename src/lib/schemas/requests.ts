import { z } from 'zod';
import { phoneField, type IsPhoneNumber } from './phone';
import { multiLine } from './text';
import { wholeNumberField } from './whole-number';

z.config({ jitless: true });

/**
 * Error keys: field errors use the shared staff keys (src/lib/components/staff-errors.ts); the
 * requests' own keys are form-level errors, translated by the requests pages.
 */
export type RequestFormErrorKey =
	| 'requestsContactRequired'
	| 'requestsDateInvalid'
	| 'requestsReceivedFuture'
	| 'requestsThrottled';

export const REQUEST_KINDS = ['access', 'rectification', 'erasure', 'objection'] as const;
/** How staff can have received one; 'manage_page' is only ever set by the manage page itself. */
export const STAFF_REQUEST_CHANNELS = ['email', 'phone', 'letter', 'in_person', 'other'] as const;
export const EXTENSION_MONTHS = [1, 2] as const;

const text = (max: number) => z.string().overwrite(multiLine).trim().max(max, 'tooLong');
const requiredText = (max: number) => text(max).min(1, 'required');

/** A select with nothing chosen first, so staff choose on purpose. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
	z
		.enum(['', ...values] as unknown as readonly ['', ...T], 'required')
		.refine((value) => value !== '', 'required');

/**
 * The new request form, around one phone check. Without `isPhoneNumber` (the schema exported
 * below) a number is only checked for its characters; the action passes libphonenumber's check
 * (src/lib/server/requests/schemas.ts), so a number that cannot exist is reported in the same answer
 * as every other field's error, not one submit later.
 */
export function newRequestSchemaWith(isPhoneNumber?: IsPhoneNumber) {
	return z
		.object({
			kind: choice(REQUEST_KINDS),
			channel: choice(STAFF_REQUEST_CHANNELS),
			email: text(254).regex(new RegExp(`^$|${z.regexes.email.source}`), 'email'),
			phone: phoneField(text(30), isPhoneNumber),
			// The day it arrived, when not today (a letter opened late); YYYY-MM-DD from a date input.
			receivedOn: text(10).regex(/^(\d{4}-\d{2}-\d{2})?$/, 'requestsDateInvalid'),
			note: text(1000)
		})
		.refine((data) => data.email !== '' || data.phone !== '', {
			message: 'requestsContactRequired',
			path: []
		});
}

/** The browser's schema: the phone checked only for its characters. The action uses the server's. */
export const newRequestSchema = newRequestSchemaWith();

export const extendRequestSchema = z.object({
	months: wholeNumberField({ min: 1, max: 2, invalidKey: 'required' }).default(1),
	reason: requiredText(1000)
});

export const identityCheckSchema = z.object({ identityCheck: requiredText(500) });

export const closeRequestSchema = z.object({ outcome: requiredText(2000) });

export const eraseSchema = z.object({
	password: z.string().min(1, 'required').max(256, 'tooLong'),
	alsoObject: z.boolean().default(false)
});

/** The manage page's two buttons. */
export const manageRequestSchema = z.object({ kind: z.enum(['access', 'erasure']) });

export type NewRequestSchema = typeof newRequestSchema;
export type NewRequestData = z.infer<typeof newRequestSchema>;
export type ExtendRequestSchema = typeof extendRequestSchema;
export type IdentityCheckSchema = typeof identityCheckSchema;
export type CloseRequestSchema = typeof closeRequestSchema;
export type EraseSchema = typeof eraseSchema;
