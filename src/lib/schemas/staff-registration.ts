import { z } from 'zod';
import { perPolicies, signupSchema, signupSchemaFor } from './registration';

/**
 * Staff add and correct registrants by hand, often from a phone call: the email is optional there.
 * Without one the person gets no mail and no manage link. The event's phone and address policy
 * still applies, so staff collect exactly what the public form would.
 */
export const staffOptionalEmail = z
	.string()
	.trim()
	.max(254, 'tooLong')
	.regex(new RegExp(`^$|${z.regexes.email.source}`), 'emailInvalid');

export const staffRegistrationSchema = signupSchema.extend({ email: staffOptionalEmail });

export type StaffRegistrationSchema = typeof staffRegistrationSchema;
export type StaffRegistrationData = z.infer<typeof staffRegistrationSchema>;

export const staffRegistrationSchemaFor = perPolicies<StaffRegistrationSchema>((policies) =>
	signupSchemaFor(policies).extend({ email: staffOptionalEmail })
);

/** Why a check-in is undone: a fixed list, so no free text (and no personal data) reaches the trail. */
export const UNDO_REASONS = ['mistake', 'wrong_person', 'left_early', 'other'] as const;
export type UndoReason = (typeof UNDO_REASONS)[number];

/** A button on one row of a staff list: which registration it acts on. */
export const registrantActionSchema = z.object({ registrationId: z.uuid('required') });

/** Cancelling needs a ticked box, so a stray click never cancels anyone. */
export const cancelRegistrationSchema = z.object({
	confirm: z.boolean().refine((value) => value, 'required')
});

/** Door buttons carry the search they were pressed in, so the page comes back to the same list. */
export const checkInSchema = registrantActionSchema.extend({
	q: z.string().max(100).default('')
});

export const undoCheckInSchema = checkInSchema.extend({
	reason: z.enum(UNDO_REASONS, 'required')
});
