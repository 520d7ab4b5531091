/**
 * The embeddable views (/embed/…, the routes of the `(embed)` group) are the only pages another site
 * may show in an iframe, and only the sites listed in ILMO_EMBED_ORIGINS. svelte.config.js's CSP is
 * static (frame-ancestors 'none' everywhere), so the header is rewritten per response instead. Not
 * X-Frame-Options: a browser that knows both obeys that one, and it cannot name several origins.
 */
const EMBED_GROUP = '/(embed)/';

/** Whether the route SvelteKit chose is an embeddable view; matched by route, not by raw path. */
export function isEmbedRoute(routeId: string | null): boolean {
	return routeId !== null && routeId.startsWith(EMBED_GROUP);
}

/**
 * The page's CSP with frame-ancestors naming the configured origins on an embeddable view; any
 * other page, or no origins configured, keeps the policy as it is ('none').
 */
export function withFrameAncestors(
	csp: string,
	routeId: string | null,
	origins: readonly string[]
): string {
	if (!isEmbedRoute(routeId) || origins.length === 0) return csp;
	const directive = `frame-ancestors ${origins.join(' ')}`;
	return /(^|;)\s*frame-ancestors\b[^;]*/.test(csp)
		? csp.replace(/(^|;)(\s*)frame-ancestors\b[^;]*/, `$1$2${directive}`)
		: `${csp}; ${directive}`;
}
