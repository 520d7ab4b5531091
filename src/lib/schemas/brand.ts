import { z } from 'zod';

z.config({ jitless: true });

/** How many footer link rows the form offers: a few, as a footer holds. */
export const FOOTER_LINK_ROWS = 3;

/** Error keys the brand page translates. */
export type BrandErrorKey = 'colourInvalid' | 'urlInvalid' | 'labelRequired' | 'tooLong';

const label = z.string().trim().max(60, 'tooLong');
const url = z
	.string()
	.trim()
	.max(500, 'tooLong')
	.refine(
		(value) => value === '' || /^(https:\/\/[^\s]+|mailto:[^\s@]+@[^\s@]+)$/i.test(value),
		'urlInvalid'
	);

/**
 * The admin's brand form. Link rows are flat fields (link0Fi …) so that the form posts without
 * JavaScript; a row counts when it has an address. The logo is a file, checked on the server.
 */
export const brandSchema = z
	.object({
		name: z.string().trim().max(100, 'tooLong'),
		colour: z
			.string()
			.trim()
			.toLowerCase()
			.refine((value) => value === '' || /^#[0-9a-f]{6}$/.test(value), 'colourInvalid'),
		link0Fi: label,
		link0Sv: label,
		link0En: label,
		link0Url: url,
		link1Fi: label,
		link1Sv: label,
		link1En: label,
		link1Url: url,
		link2Fi: label,
		link2Sv: label,
		link2En: label,
		link2Url: url,
		logo: z.instanceof(File).optional()
	})
	.superRefine((data, ctx) => {
		for (let row = 0; row < FOOTER_LINK_ROWS; row++) {
			const key = (part: string) => `link${row}${part}` as keyof typeof data;
			const hasUrl = data[key('Url')] !== '';
			const hasLabel = [data[key('Fi')], data[key('Sv')], data[key('En')]].some((v) => v !== '');
			if (hasUrl && data[key('Fi')] === '') {
				ctx.addIssue({ code: 'custom', path: [key('Fi')], message: 'labelRequired' });
			}
			if (hasLabel && !hasUrl) {
				ctx.addIssue({ code: 'custom', path: [key('Url')], message: 'urlInvalid' });
			}
		}
	});

export type BrandSchema = typeof brandSchema;
export type BrandForm = z.infer<typeof brandSchema>;

export interface FooterLinkInput {
	labelFi: string;
	labelSv: string;
	labelEn: string;
	url: string;
}

/** The filled link rows, in order. */
export function footerLinksOf(data: BrandForm): FooterLinkInput[] {
	const rows: FooterLinkInput[] = [];
	for (let row = 0; row < FOOTER_LINK_ROWS; row++) {
		const get = (part: string) => String(data[`link${row}${part}` as keyof BrandForm] ?? '');
		if (get('Url') === '') continue;
		rows.push({ labelFi: get('Fi'), labelSv: get('Sv'), labelEn: get('En'), url: get('Url') });
	}
	return rows;
}

/** The form's fields for saved links. */
export function linkFieldsOf(links: FooterLinkInput[]): Partial<BrandForm> {
	const fields: Record<string, string> = {};
	links.slice(0, FOOTER_LINK_ROWS).forEach((link, row) => {
		fields[`link${row}Fi`] = link.labelFi;
		fields[`link${row}Sv`] = link.labelSv;
		fields[`link${row}En`] = link.labelEn;
		fields[`link${row}Url`] = link.url;
	});
	return fields as Partial<BrandForm>;
}
