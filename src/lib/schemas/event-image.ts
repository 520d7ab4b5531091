import { z } from 'zod';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Alt texts are a sentence or two: a screen reader reads all of it before the page goes on. */
export const MAX_ALT_LENGTH = 300;

/** The file field's name: the file itself is read beside the schema (a form cannot echo it back). */
export const IMAGE_FILE_FIELD = 'image';

export const IMAGE_PEOPLE = ['none', 'consent_recorded'] as const;

/** Why an upload was refused: message keys the staff page translates. */
export type ImageFileError =
	'imageRequired' | 'imageTooLarge' | 'imageNotAnImage' | 'imageTooManyPixels' | 'imageUnreadable';

const alt = z.string().trim().max(MAX_ALT_LENGTH, 'tooLong');

/**
 * The event image form's text fields. The staff member must say whom the image shows: without
 * that confirmation nothing is stored (an identifiable person's picture is personal data).
 */
export const eventImageSchema = z.object({
	altFi: alt.min(1, 'altRequired'),
	altSv: alt.default(''),
	altEn: alt.default(''),
	people: z
		.enum(IMAGE_PEOPLE, 'peopleRequired')
		.nullable()
		.default(null)
		.refine((v) => v !== null, 'peopleRequired')
});

export type EventImageFormData = z.infer<typeof eventImageSchema>;
