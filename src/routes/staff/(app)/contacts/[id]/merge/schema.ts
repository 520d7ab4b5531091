import { z } from 'zod';
import { MERGE_FIELDS, type MergeChoices, type MergeField } from '$lib/server/contacts/merge';

z.config({ jitless: true });

const side = z.enum(['survivor', 'duplicate']);

/**
 * The merge form: the duplicate (`with`, as in the page's query) and, per field, whose value
 * stays. A field left out keeps the suggestion the page preselected.
 */
export const mergeSchema = z.object({
	with: z.uuid('required'),
	firstName: side.optional(),
	lastName: side.optional(),
	email: side.optional(),
	phone: side.optional(),
	title: side.optional(),
	organisationId: side.optional(),
	basis: side.optional()
} satisfies Record<'with' | MergeField, z.ZodType>);

export type MergeFormData = z.infer<typeof mergeSchema>;

export function choicesOf(data: Partial<Record<MergeField, string | undefined>>): MergeChoices {
	const choices: MergeChoices = {};
	for (const field of MERGE_FIELDS) {
		const value = data[field];
		if (value === 'survivor' || value === 'duplicate') choices[field] = value;
	}
	return choices;
}
