import { m } from '$lib/paraglide/messages';

/**
 * One staff field described as data, drawn by StaffFields. Labels and hints are message functions,
 * read at render time so the language switch reaches them.
 */
export interface StaffFieldSpec {
	name: string;
	label: () => string;
	hint?: () => string;
	/** The id suffix after the form's prefix; `name` when omitted. */
	idSuffix?: string;
	type?: 'text' | 'email' | 'tel' | 'date';
	optional?: boolean;
	maxlength?: number;
	inputmode?: 'numeric';
	rows?: number;
	options?: readonly { value: string | number; label: string }[];
	placeholder?: string;
	errorText?: (key: string) => string;
}

/** Fields drawn inside one fieldset with this legend. */
export interface StaffFieldGroup {
	legend: () => string;
	fields: StaffFieldSpec[];
}

// The contact fields every staff form asks the same way: one place for their limits and hints.
export const emailField = (hint?: () => string): StaffFieldSpec => ({
	name: 'email',
	type: 'email',
	label: m.field_email,
	hint,
	optional: true,
	maxlength: 254
});

export const phoneField: StaffFieldSpec = {
	name: 'phone',
	type: 'tel',
	label: m.field_phone,
	hint: m.field_phone_hint,
	optional: true,
	maxlength: 30
};

export const nameFields: StaffFieldSpec[] = [
	{ name: 'firstName', label: m.field_first_name, maxlength: 100 },
	{ name: 'lastName', label: m.field_last_name, maxlength: 100 }
];

export const titleField = (label: () => string): StaffFieldSpec => ({
	name: 'title',
	label,
	optional: true,
	maxlength: 100
});

export const businessIdField = (
	label: () => string,
	hint: () => string,
	idSuffix?: string
): StaffFieldSpec => ({
	name: 'businessId',
	idSuffix,
	label,
	hint,
	optional: true,
	maxlength: 12,
	inputmode: 'numeric'
});

export const addressGroup: StaffFieldGroup = {
	legend: m.field_address_legend,
	fields: [
		{ name: 'street', label: m.field_street, optional: true, maxlength: 200 },
		{
			name: 'postalCode',
			label: m.field_postal_code,
			optional: true,
			maxlength: 10,
			inputmode: 'numeric'
		},
		{ name: 'city', label: m.field_city, optional: true, maxlength: 100 }
	]
};
