import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './bytes';
import { staffUser } from './staff.schema';

/** A link in the public footer and the mail footer (the dealer's own site, its privacy page …). */
export interface FooterLink {
	/** Finnish label; the other languages fall back to it when empty. */
	labelFi: string;
	labelSv: string;
	labelEn: string;
	/** An absolute https: (or mailto:) address; checked on save. */
	url: string;
}

/**
 * The organisation's look, set by an admin (audited): one row, id 1. Every column left null falls
 * back to configuration (ILMO_BRAND_*) and then to the neutral default, so a fresh install looks
 * plain and an install configured by environment needs no row at all.
 */
export const siteBrand = pgTable(
	'site_brand',
	{
		id: integer('id').primaryKey().default(1),
		name: text('name'),
		/** '#rrggbb'; refused on save when text on it would fail WCAG AA contrast. */
		colour: text('colour'),
		footerLinks: jsonb('footer_links').$type<FooterLink[]>(),
		/** The logo as uploaded when it was an SVG, after sanitising; pages may show it as is. */
		logoSvg: text('logo_svg'),
		/** Always present with a logo: the PNG mail carries (mail clients do not show SVG). */
		logoPng: bytea('logo_png'),
		logoWidth: integer('logo_width'),
		logoHeight: integer('logo_height'),
		/** Content hash: the logo's URL carries it, so it can be cached for a year. */
		logoHash: text('logo_hash'),
		updatedBy: uuid('updated_by').references(() => staffUser.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('site_brand_single_row', sql`${t.id} = 1`)]
);

export type SiteBrand = typeof siteBrand.$inferSelect;
