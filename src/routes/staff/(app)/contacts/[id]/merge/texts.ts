import { m } from '$lib/paraglide/messages';

export type MergeRefusal = 'not_found' | 'self' | 'already_merged' | 'same_person';
export type MergeFieldName =
	'firstName' | 'lastName' | 'email' | 'phone' | 'title' | 'organisationId' | 'basis';

const refusals: Record<MergeRefusal, () => string> = {
	not_found: m.contacts_merge_error_not_found,
	self: m.contacts_merge_error_self,
	already_merged: m.contacts_merge_error_already_merged,
	same_person: m.contacts_merge_error_same_person
};

export function refusalText(reason: string): string {
	return (refusals[reason as MergeRefusal] ?? m.error_unexpected)();
}

export const fieldLabel: Record<MergeFieldName, () => string> = {
	firstName: m.contacts_merge_field_first_name,
	lastName: m.contacts_merge_field_last_name,
	email: m.contacts_merge_field_email,
	phone: m.contacts_merge_field_phone,
	title: m.contacts_merge_field_title,
	organisationId: m.contacts_merge_field_organisation,
	basis: m.contacts_merge_field_basis
};
