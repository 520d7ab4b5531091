import { z } from 'zod';
import { oneLine } from './text';
import { looksLikeLink, NAME_HAS_LINK } from './person-name';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Field errors are message keys; components translate them (see $lib/components/errors.ts). */
export type FieldErrorKey =
	| 'required'
	| 'tooLong'
	| 'unreadable'
	| 'emailInvalid'
	| 'phoneInvalid'
	| 'postalCodeInvalid'
	| typeof NAME_HAS_LINK;

/**
 * Bots fill every field; people never see this one. It is not in the schema, so it is never stored;
 * its name is not one a browser autofills.
 */
export const HONEYPOT_FIELD = 'fax_number';

export type FieldPolicy = 'hidden' | 'optional' | 'required';

export interface FieldPolicies {
	phonePolicy: FieldPolicy;
	addressPolicy: FieldPolicy;
}

// U+FFFD is what bytes that were not UTF-8 decode to, and a lone surrogate cannot be stored as
// UTF-8 at all: either way what was typed is lost, so the visitor is asked to type it again
// instead of the damaged text being stored in their name.
const UNREADABLE = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = () =>
	z
		.string()
		.overwrite(oneLine)
		.trim()
		.refine((value) => !UNREADABLE.test(value), 'unreadable');

// Optional fields arrive as '' when left empty; superforms supplies '' for fields not posted at all.
const requiredText = (max: number) => text().min(1, 'required').max(max, 'tooLong');
const optionalText = (max: number) => text().max(max, 'tooLong');
/** A person's name: it greets them in mail, so it may not carry a link (see person-name.ts). */
const nameText = () => requiredText(100).refine((value) => !looksLikeLink(value), NAME_HAS_LINK);

// Loose on purpose: the browser gets only this pattern, as libphonenumber's metadata is too large to
// ship; the server adds the full check (personSchemas below).
const phonePattern = /^(\+?[0-9][0-9 ()-]{4,24})?$/;
const postalCodePattern = /^([0-9]{5})?$/;

const loosePhone = optionalText(30).regex(phonePattern, 'phoneInvalid');
const postalCode = z.string().trim().regex(postalCodePattern, 'postalCodeInvalid');

/**
 * One schema per phone and address policy pair, built on first use and kept: superforms memoises
 * adapters by schema identity, so a fresh schema on every render would build a fresh adapter.
 */
export function perPolicies<S>(
	build: (policies: FieldPolicies) => S
): (policies: FieldPolicies) => S {
	const built = new Map<string, S>();
	return (policies) => {
		const key = `${policies.phonePolicy}/${policies.addressPolicy}`;
		let schema = built.get(key);
		if (!schema) {
			schema = build(policies);
			built.set(key, schema);
		}
		return schema;
	};
}

/**
 * What the public form adds to the person's fields: the separate, unticked choice of marketing
 * email. It never decides the sign-up; ticked, it only starts a double opt-in by a second email.
 */
const publicChoices = { newsByEmail: z.boolean().default(false) };

/**
 * Every schema of the person's fields, around one phone check. Without `isPhoneNumber` (the
 * browser's set, exported below) a number is only checked for its characters; the server passes
 * libphonenumber's check (src/lib/server/registrations/schemas.ts), so a number that cannot exist is
 * reported in the same answer as every other field's error, not one submit later.
 */
export function personSchemas(isPhoneNumber?: (value: string) => boolean) {
	const phone = isPhoneNumber
		? loosePhone.refine(
				// A value the pattern refused already has its error.
				(value) => value === '' || !phonePattern.test(value) || isPhoneNumber(value),
				'phoneInvalid'
			)
		: loosePhone;

	/** The public sign-up form with every optional field; per-event variants from `signupSchemaFor`. */
	const signupSchema = z.object({
		firstName: nameText(),
		lastName: nameText(),
		email: requiredText(254).regex(z.regexes.email, 'emailInvalid'),
		phone,
		street: optionalText(200),
		postalCode,
		city: optionalText(100)
	});
	type SignupSchema = typeof signupSchema;

	/** The event's phone and address policy turns optional fields into required ones. */
	const signupSchemaFor = perPolicies<SignupSchema>((policies) => {
		const address = policies.addressPolicy === 'required';
		return signupSchema.extend({
			phone: policies.phonePolicy === 'required' ? phone.min(1, 'required') : phone,
			street: address ? requiredText(200) : optionalText(200),
			postalCode: address ? postalCode.min(1, 'required') : postalCode,
			city: address ? requiredText(100) : optionalText(100)
		});
	});

	/** The manage page's details form: the sign-up fields but the email, which identifies the person. */
	const detailsSchema = signupSchema.omit({ email: true });
	const detailsSchemaFor = perPolicies<typeof detailsSchema>((policies) =>
		signupSchemaFor(policies).omit({ email: true })
	);

	const publicSignupSchemaFor = perPolicies((policies) =>
		signupSchemaFor(policies).extend(publicChoices)
	);

	return { signupSchema, signupSchemaFor, detailsSchema, detailsSchemaFor, publicSignupSchemaFor };
}

type PersonSchemas = ReturnType<typeof personSchemas>;

/** The browser's set: the phone checked only for its characters. Servers use their own set. */
export const {
	signupSchema,
	signupSchemaFor,
	detailsSchema,
	detailsSchemaFor,
	publicSignupSchemaFor
} = personSchemas();

export type SignupSchema = PersonSchemas['signupSchema'];
export type SignupData = z.infer<SignupSchema>;
export type DetailsSchema = PersonSchemas['detailsSchema'];
export type DetailsData = z.infer<DetailsSchema>;
export type PublicSignupData = z.infer<ReturnType<PersonSchemas['publicSignupSchemaFor']>>;

/** What the sign-up form is told besides field errors (the public event page and the kiosk). */
export type SignupFormMessage =
	| { kind: 'closed' | 'unexpected' }
	| { kind: 'rateLimited'; retryAfterMinutes: number }
	// A group sign-up (group-signup.ts): all or none without room, or more rows than one form takes.
	| { kind: 'groupNoRoom'; seatsLeft: number; people: number }
	| { kind: 'groupTooLarge' };
