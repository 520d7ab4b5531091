import { z } from 'zod';
import {
	perPolicies,
	personSchemas,
	type FieldPolicies,
	type FieldPolicy,
	type PublicSignupData
} from './registration';

/**
 * A group sign-up: the event form's own fields describe the person filling it in (the booker), and
 * each "Add another person" adds a row of repeated fields (attendeeFirstName …, read with getAll) in
 * the order entered. The rows ask only what the event asks; email is optional per attendee.
 */

/** The most people one form may sign up, the booker included: a fleet, not a mailing list. */
export const MAX_GROUP_SIZE = 10;
/** Rows besides the booker's own fields. */
export const MAX_ATTENDEE_ROWS = MAX_GROUP_SIZE - 1;

export const GROUP_MODES = ['all_or_none', 'fill_then_wait'] as const;
export type GroupModeChoice = (typeof GROUP_MODES)[number];
export const BOOKER_ATTENDS = ['yes', 'no'] as const;

/** The submit buttons that change the rows instead of sending the form. */
export const ADD_ATTENDEE = 'addAttendee';
export const REMOVE_ATTENDEE = 'removeAttendee';

/** The repeated row fields, in the order a row shows them. */
export const ATTENDEE_FIELDS = [
	'attendeeFirstName',
	'attendeeLastName',
	'attendeeEmail',
	'attendeePhone',
	'attendeeStreet',
	'attendeePostalCode',
	'attendeeCity'
] as const;
export type AttendeeField = (typeof ATTENDEE_FIELDS)[number];

/** Group errors besides the person fields' own (see $lib/components/group/errors.ts). */
export type GroupErrorKey = 'duplicateEmail' | 'chooseOne' | 'groupTooLarge' | 'rowsMismatch';

const relax = (policy: FieldPolicy): FieldPolicy => (policy === 'required' ? 'optional' : policy);

type PersonSet = Pick<
	ReturnType<typeof personSchemas>,
	'signupSchemaFor' | 'publicSignupSchemaFor'
>;

/** Which row fields an event asks, by its phone and address policy. */
export function askedAttendeeFields(policies: FieldPolicies): AttendeeField[] {
	return ATTENDEE_FIELDS.filter((field) => {
		if (field === 'attendeePhone') return policies.phonePolicy !== 'hidden';
		if (['attendeeStreet', 'attendeePostalCode', 'attendeeCity'].includes(field)) {
			return policies.addressPolicy !== 'hidden';
		}
		return true;
	});
}

/**
 * The group form's schema per phone and address policy, around one person set (the browser's, or
 * the server's with libphonenumber). The booker's phone and address are checked as required only
 * when the booker attends: one who only registers the others is kept as name and email alone.
 */
export function groupSignupSchemas(set: PersonSet) {
	return perPolicies((policies: FieldPolicies) => {
		const row = set.signupSchemaFor(policies).shape;
		const booker = set.signupSchemaFor(policies).shape;
		const relaxed = {
			phonePolicy: relax(policies.phonePolicy),
			addressPolicy: relax(policies.addressPolicy)
		};
		const list = <T extends z.ZodType>(item: T) => z.array(item).default([]);
		const optionalEmail = row.email.or(z.literal(''));
		return set
			.publicSignupSchemaFor(relaxed)
			.extend({
				attendeeFirstName: list(row.firstName),
				attendeeLastName: list(row.lastName),
				attendeeEmail: list(optionalEmail),
				attendeePhone: list(row.phone),
				attendeeStreet: list(row.street),
				attendeePostalCode: list(row.postalCode),
				attendeeCity: list(row.city),
				bookerAttends: z.enum(BOOKER_ATTENDS).optional(),
				groupMode: z.enum(GROUP_MODES).optional()
			})
			.superRefine(
				(data, ctx) => {
					const issue = (path: (string | number)[], message: string) =>
						ctx.addIssue({ code: 'custom', path, message });
					const rows = data.attendeeFirstName?.length ?? 0;
					if (rows === 0) return;
					if (rows > MAX_ATTENDEE_ROWS) issue(['attendeeFirstName'], 'groupTooLarge');
					// Rows are read field by field: a post whose lists disagree was not made by our form.
					for (const field of askedAttendeeFields(policies)) {
						if ((data[field]?.length ?? 0) !== rows) issue(['attendeeFirstName'], 'rowsMismatch');
					}
					if (!data.bookerAttends) issue(['bookerAttends'], 'chooseOne');
					if (!data.groupMode) issue(['groupMode'], 'chooseOne');
					if (data.bookerAttends !== 'no') {
						// Only a missing value: the relaxed base above already reports a malformed one.
						for (const field of ['phone', 'street', 'postalCode', 'city'] as const) {
							const value = data[field] ?? '';
							const checked = booker[field].safeParse(value);
							if (value.trim() === '' && !checked.success) {
								issue([field], checked.error.issues[0]!.message);
							}
						}
					}
					// Each person is one registration: one email may stand for one of them only.
					const seen = new Set<string>();
					if (data.bookerAttends !== 'no' && data.email) seen.add(data.email.toLowerCase());
					(data.attendeeEmail ?? []).forEach((email, i) => {
						const key = email.trim().toLowerCase();
						if (!key) return;
						if (seen.has(key)) issue(['attendeeEmail', i], 'duplicateEmail');
						seen.add(key);
					});
				},
				{ when: () => true }
			);
	});
}

/** The browser's set: the phone checked only for its characters. The server builds its own. */
export const groupSignupSchemaFor = groupSignupSchemas(personSchemas());

export type GroupSignupData = z.infer<ReturnType<typeof groupSignupSchemaFor>>;

/** What the event form holds: a plain sign-up, or one with rows (every group field optional). */
export type EventSignupData = PublicSignupData &
	Partial<Omit<GroupSignupData, keyof PublicSignupData>>;
