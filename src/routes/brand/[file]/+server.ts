import { error } from '@sveltejs/kit';
import * as brand from '$lib/server/brand';
import { db } from '$lib/server/db/database';
import type { RequestHandler } from './$types';

/** The address carries a content hash or version: what it names never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const LOGO = /^logo-([A-Za-z0-9_-]{1,64})\.(svg|png)$/;
const THEME = /^theme-([A-Za-z0-9_-]{1,64})\.css$/;

type Found = { body: string | Buffer; type: string; svg: boolean };

function find(file: string): Found | null {
	const logo = LOGO.exec(file);
	if (logo) {
		const format = logo[2] as 'svg' | 'png';
		const body = brand.logoFile(logo[1]!, format);
		if (body === null) return null;
		const type = format === 'svg' ? 'image/svg+xml' : 'image/png';
		return { body, type, svg: format === 'svg' };
	}
	const theme = THEME.exec(file);
	if (theme) {
		const current = brand.currentBrand();
		const css = current.version === theme[1] ? brand.themeCss(current) : null;
		return css === null ? null : { body: css, type: 'text/css; charset=utf-8', svg: false };
	}
	return null;
}

/**
 * The organisation's logo and colour stylesheet: public, cookie-free, cached for a year under an
 * address that changes with them. A page rendered by another instance may name a newer version
 * than this instance's snapshot: then the brand is read again before answering 404.
 */
export const GET: RequestHandler = async ({ params }) => {
	let found = find(params.file);
	if (!found && (LOGO.test(params.file) || THEME.test(params.file))) {
		await brand.loadBrand(await db());
		found = find(params.file);
	}
	if (!found) error(404);
	const headers: Record<string, string> = {
		'content-type': found.type,
		'cache-control': IMMUTABLE,
		'x-content-type-options': 'nosniff'
	};
	// Opened directly, an SVG is a document: no script, nothing fetched, only its own styling.
	if (found.svg)
		headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'";
	const body = typeof found.body === 'string' ? found.body : new Uint8Array(found.body);
	return new Response(body, { headers });
};
