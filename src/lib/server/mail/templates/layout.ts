import { currentBrand, type Brand, type FooterLink } from '../../brand';
import { BRAND_LOGO_CID } from '../logo-cid';

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A footer link's label in the mail's language, falling back to Finnish. */
function linkLabel(link: FooterLink, lang: string): string {
	const label = lang === 'sv' ? link.labelSv : lang === 'en' ? link.labelEn : link.labelFi;
	return label || link.labelFi;
}

/** Whether the organisation has set anything: a neutral install sends mail exactly as before. */
function isBranded(brand: Brand): boolean {
	return (
		brand.named || brand.colour !== null || brand.logo !== null || brand.footerLinks.length > 0
	);
}

/** The header band: the logo (inline, never remote), the name, on the organisation's colour. */
function brandHeader(brand: Brand): string {
	const band = brand.colour
		? `background:${brand.colour};color:${brand.onColour};`
		: 'border-bottom:1px solid #ccc;';
	// 48 px high: the PNG is drawn at twice that for sharp screens.
	const logo = brand.logo
		? `<img src="cid:${BRAND_LOGO_CID}" alt="${escapeHtml(brand.name)}" height="48" width="${Math.round((brand.logo.width / brand.logo.height) * 48)}" style="display:inline-block;vertical-align:middle;height:48px;width:auto;border:0;margin-right:0.75em">`
		: '';
	return `<div style="${band}padding:0.75em 1em;margin:0 0 1em">${logo}<strong style="vertical-align:middle;font-size:1.1em">${escapeHtml(brand.name)}</strong></div>\n`;
}

function brandFooterHtml(brand: Brand, lang: string): string {
	if (brand.footerLinks.length === 0) return '';
	const links = brand.footerLinks
		.map(
			(link) =>
				`<a href="${escapeHtml(link.url)}" style="color:#333">${escapeHtml(linkLabel(link, lang))}</a>`
		)
		.join(' · ');
	return `\n<p style="font-size:0.85em;color:#555">${links}</p>`;
}

/**
 * The organisation's name and footer links as plain-text lines for the end of the text part;
 * empty when nothing is branded. The outbox appends them to every message (outbox.ts), so no
 * template can forget them.
 */
export function brandTextFooter(lang: string, brand: Brand = currentBrand()): string[] {
	if (!isBranded(brand)) return [];
	return [
		'',
		brand.name,
		...brand.footerLinks.map((link) => `${linkLabel(link, lang)}: ${link.url}`)
	];
}

/**
 * A plain HTML frame: inline styles only, no remote images, fonts or tracking pixels. The brand
 * (a synchronous snapshot: templates render inside transactions) adds a header band and links.
 */
export function renderHtmlLayout(input: {
	lang: string;
	title: string;
	body: string;
	footer: string;
}) {
	const brand = currentBrand();
	const branded = isBranded(brand);
	return `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.title)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">
${branded ? brandHeader(brand) : ''}${input.body}
<hr style="border:0;border-top:1px solid #ccc">
<p style="font-size:0.85em;color:#555">${escapeHtml(input.footer)}</p>${branded ? brandFooterHtml(brand, input.lang) : ''}
</body>
</html>`;
}
