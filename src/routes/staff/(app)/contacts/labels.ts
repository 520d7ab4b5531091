import { m } from '$lib/paraglide/messages';
import type { CONTACT_BASES } from '$lib/schemas/contacts';

/** How staff read a contact's source, their basis and a registration's status, on every contacts page. */
export const contactSourceText: Record<'import' | 'registration' | 'manual', () => string> = {
	import: m.contacts_source_import,
	registration: m.contacts_source_registration,
	manual: m.contacts_source_manual
};

export const basisText: Record<(typeof CONTACT_BASES)[number], () => string> = {
	customer_relationship: m.link_basis_customer_relationship,
	legitimate_interest: m.link_basis_legitimate_interest,
	consent: m.link_basis_consent
};

export const registrationStatusText: Record<
	'confirmed' | 'waitlisted' | 'cancelled',
	() => string
> = {
	confirmed: m.contacts_status_confirmed,
	waitlisted: m.contacts_status_waitlisted,
	cancelled: m.contacts_status_cancelled
};
