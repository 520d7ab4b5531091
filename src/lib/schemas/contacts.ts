import { z } from 'zod';
import { multiLine } from './text';
import { normaliseBusinessId } from './business-id';
import { looksLikeLink, NAME_HAS_LINK } from './person-name';
import { phoneField, type IsPhoneNumber } from './phone';

z.config({ jitless: true });

/** Error keys the contact register pages translate (src/lib/components/staff-errors.ts). */
export type ContactErrorKey =
	| 'required'
	| 'tooLong'
	| 'email'
	| 'phoneInvalid'
	| 'postalCodeInvalid'
	| 'businessIdInvalid'
	| 'businessIdTaken'
	| typeof NAME_HAS_LINK;

export const CUSTOMER_STATUSES = ['current', 'former', 'prospect'] as const;
export const CONTACT_BASES = ['customer_relationship', 'legitimate_interest', 'consent'] as const;

const text = (max: number) => z.string().overwrite(multiLine).trim().max(max, 'tooLong');
const requiredText = (max: number) => text(max).min(1, 'required');
// A contact's name and title are written into the notice mailed to them (contact-notice.ts): like
// a registrant's name, neither may carry a link (see person-name.ts).
const noLink = (value: string) => !looksLikeLink(value);
const nameText = () => requiredText(100).refine(noLink, NAME_HAS_LINK);
const optionalEmail = text(254).regex(new RegExp(`^$|${z.regexes.email.source}`), 'email');

/**
 * A select with nothing preselected, so staff choose the basis on purpose; a form sent without one
 * is refused: a plain enum would be given its first value by superforms when the field is missing.
 */
const basisChoice = z
	.enum(['', ...CONTACT_BASES], 'required')
	.refine((basis) => basis !== '', 'required');

/**
 * The organisation and contact schemas, around one phone check. Without `isPhoneNumber` (the set
 * exported below) a number is only checked for its characters; the server passes libphonenumber's
 * check (src/lib/server/contacts/schemas.ts), so a number that cannot exist is reported in the same
 * answer as every other field's error, not one submit later.
 */
export function contactSchemas(isPhoneNumber?: IsPhoneNumber) {
	const optionalPhone = phoneField(text(30), isPhoneNumber);

	const organisationSchema = z.object({
		name: requiredText(200),
		businessId: text(12).refine(
			(value) => value === '' || normaliseBusinessId(value) !== null,
			'businessIdInvalid'
		),
		street: text(200),
		postalCode: text(10).regex(/^([0-9]{5})?$/, 'postalCodeInvalid'),
		city: text(100),
		email: optionalEmail,
		phone: optionalPhone,
		customerStatus: z.enum(CUSTOMER_STATUSES, 'required').default('prospect'),
		// Free text on a business: the form says not to write personal opinions of people here.
		notes: text(2000)
	});

	const contactSchema = z.object({
		firstName: nameText(),
		lastName: nameText(),
		email: optionalEmail,
		phone: optionalPhone,
		title: text(100).refine(noLink, NAME_HAS_LINK),
		// Empty: no organisation (a sole trader, or not yet known).
		organisationId: z.union([z.uuid('required'), z.literal('')]).default(''),
		basis: z.enum(CONTACT_BASES, 'required')
	});

	/** The staff contact form (new and edit): the basis chosen on purpose. */
	const contactFormSchema = contactSchema.extend({ basis: basisChoice });

	return { organisationSchema, contactSchema, contactFormSchema };
}

/** The browser's set: the phone checked only for its characters. Form actions use the server's. */
export const { organisationSchema, contactSchema, contactFormSchema } = contactSchemas();

/** Editing keeps the basis chosen when the contact was created unless staff change it on purpose. */
export const contactEditSchema = contactSchema;

/** Turning a registrant into a contact: the registration's fields are copied on the server. */
export const contactFromRegistrationSchema = contactSchema.pick({ title: true }).extend({
	basis: basisChoice,
	registrationId: z.uuid('required'),
	organisationId: z.uuid('required')
});

/** …or into a contact at an organisation created in the same step (y-tunnus optional). */
export const contactWithOrganisationSchema = contactSchema.pick({ title: true }).extend({
	basis: basisChoice,
	registrationId: z.uuid('required'),
	organisationName: requiredText(200),
	businessId: organisationSchema.shape.businessId
});

export const linkRegistrationSchema = z.object({
	registrationId: z.uuid('required'),
	contactId: z.uuid('required')
});

export const registrationRefSchema = z.object({ registrationId: z.uuid('required') });

export const searchSchema = z.object({ q: text(100).default('') });

/** Archiving an organisation or a contact asks for a ticked confirmation; restoring does not. */
export const archiveSchema = z.object({
	confirm: z.boolean().refine((ticked) => ticked, 'required')
});

export type OrganisationData = z.infer<typeof organisationSchema>;
export type ContactData = z.infer<typeof contactSchema>;
export type ArchiveData = z.infer<typeof archiveSchema>;
/** What the form holds once valid: the refinement's type guard has ruled out no basis. */
export type ContactFormData = z.infer<typeof contactFormSchema>;
export type ContactFromRegistrationData = z.infer<typeof contactFromRegistrationSchema>;
export type ContactWithOrganisationData = z.infer<typeof contactWithOrganisationSchema>;
