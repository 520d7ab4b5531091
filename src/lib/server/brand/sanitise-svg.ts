import sanitizeHtml from 'sanitize-html';

/**
 * An uploaded SVG logo is shown on public pages (as an <img>, and served with a CSP of its own),
 * so it is cut down to drawing: shapes, paths, gradients, text and presentation attributes. Gone:
 * scripts, event handlers, foreignObject (HTML inside), links and images to anywhere but an id in
 * the same file, style with url(), and the DOCTYPE with its entities (XXE). What is left is
 * plain XML that any SVG renderer draws the same.
 */
const ELEMENTS = [
	'svg',
	'g',
	'defs',
	'symbol',
	'use',
	'title',
	'desc',
	'path',
	'rect',
	'circle',
	'ellipse',
	'line',
	'polyline',
	'polygon',
	'text',
	'tspan',
	'linearGradient',
	'radialGradient',
	'stop',
	'clipPath',
	'mask'
];

const PRESENTATION = [
	'id',
	'class',
	'style',
	'transform',
	'fill',
	'fill-opacity',
	'fill-rule',
	'stroke',
	'stroke-width',
	'stroke-linecap',
	'stroke-linejoin',
	'stroke-miterlimit',
	'stroke-dasharray',
	'stroke-dashoffset',
	'stroke-opacity',
	'opacity',
	'clip-path',
	'clip-rule',
	'mask',
	'color',
	'display',
	'visibility',
	'font-family',
	'font-size',
	'font-weight',
	'font-style',
	'text-anchor',
	'dominant-baseline',
	'letter-spacing',
	'stop-color',
	'stop-opacity'
];

const GEOMETRY = [
	'x',
	'y',
	'x1',
	'y1',
	'x2',
	'y2',
	'cx',
	'cy',
	'r',
	'rx',
	'ry',
	'fx',
	'fy',
	'd',
	'points',
	'width',
	'height',
	'dx',
	'dy',
	'offset',
	'pathLength',
	'gradientUnits',
	'gradientTransform',
	'spreadMethod',
	'clipPathUnits',
	'maskUnits',
	'maskContentUnits',
	'href',
	'xlink:href'
];

const ROOT = ['xmlns', 'xmlns:xlink', 'viewBox', 'preserveAspectRatio', 'version'];

/** A value that reaches outside the file: any url(…) but url(#id), and script-ish CSS. */
function reachesOut(value: string): boolean {
	const urls = value.match(/url\s*\(([^)]*)\)/gi) ?? [];
	if (urls.some((url) => !/^url\s*\(\s*['"]?#/i.test(url))) return true;
	return /expression\s*\(|@import|javascript:|\\/i.test(value);
}

const OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: ELEMENTS,
	allowedAttributes: {
		svg: [...ROOT, ...PRESENTATION, ...GEOMETRY],
		'*': [...PRESENTATION, ...GEOMETRY]
	},
	// Scripts and foreign HTML go with their content, not only their tags.
	nonTextTags: ['script', 'style', 'foreignObject', 'iframe', 'noscript', 'textarea'],
	disallowedTagsMode: 'discard',
	allowedSchemes: [],
	allowedSchemesAppliedToAttributes: [],
	parseStyleAttributes: false,
	allowVulnerableTags: false,
	parser: { xmlMode: true, decodeEntities: true },
	selfClosing: [],
	transformTags: {
		'*': (tagName, attribs) => {
			const kept: Record<string, string> = {};
			for (const [name, value] of Object.entries(attribs)) {
				if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) continue;
				if (reachesOut(value)) continue;
				kept[name] = value;
			}
			return { tagName, attribs: kept };
		}
	}
};

/** The sanitised SVG text, or null when what is left is not an <svg> document. */
export function sanitiseSvg(text: string): string | null {
	// Entity declarations live in the DOCTYPE: without it a reference has nothing to expand to.
	// The XML declaration and comments before the root go too; the parser would keep them as text.
	const body = text.replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/gi, '');
	const start = body.search(/<svg[\s>]/);
	if (start < 0) return null;
	const clean = sanitizeHtml(body.slice(start), OPTIONS).trim();
	if (!/^<svg[\s>]/.test(clean) || !clean.endsWith('</svg>')) return null;
	return clean;
}
