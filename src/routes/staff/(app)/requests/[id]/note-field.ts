import type { StaffFieldSpec } from '$lib/components/staff-fields';

/** A request step's note: a few lines of free text, each step with its own words and limit. */
export const noteField = (
	name: string,
	label: () => string,
	hint: () => string,
	maxlength: number
): StaffFieldSpec => ({ name, label, hint, rows: 3, maxlength });
