import { z } from 'zod';
import { BADGE_AUDIENCES, BADGE_LAYOUT_IDS } from '$lib/badge-layouts';
import { PUBLIC_LOCALES } from '$lib/locale';

/**
 * The badge form, read from the address (it only reads): anything unknown falls back to the
 * default, so a mangled link shows the form rather than an error.
 */
export const badgeQuerySchema = z.object({
	layout: z.enum(BADGE_LAYOUT_IDS).optional().catch(undefined),
	lang: z
		.enum(PUBLIC_LOCALES as ['fi', 'sv', 'en'])
		.optional()
		.catch(undefined),
	who: z.enum(BADGE_AUDIENCES).catch('confirmed')
});

export type BadgeQuery = z.infer<typeof badgeQuerySchema>;
