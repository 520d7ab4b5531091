/**
 * The company's own site in the embed tests: a page that frames the app, served from another origin
 * by a tiny HTTP server. Another loopback address with the app's own port: the app listens on
 * 127.0.0.1 only, so that port is free on 127.0.0.2 and 127.0.0.3, and the e2e server
 * (server.ts) can list the first in ILMO_EMBED_ORIGINS before anything starts. 127.0.0.2 and the
 * app are other sites to the browser, as www.wetteritrucks.fi and the app would be.
 */
import { createServer } from 'node:http';

/** The listed company site (`listed`) or a site that is not listed, for the app on `appPort`. */
export function embedParentOrigin(appPort: number | string, listed = true): string {
	return `http://127.0.0.${listed ? 2 : 3}:${appPort}`;
}

/**
 * The snippet docs/embedding.md gives, with the frame's address from the page's `src` query. Its
 * listener keeps each height it accepted in `window.ilmoHeights`, for the test to read.
 */
function parentPage(appOrigin: string, src: string): string {
	const frameSrc = new URL(src, appOrigin).href.replace(/"/g, '&quot;');
	return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wetteri Trucks – company site</title></head>
<body><main><h1>Our events</h1>
<iframe id="ilmo-events" src="${frameSrc}" title="Wetteri Trucks events" loading="lazy"
	style="width:100%;min-height:40rem;border:0"
	sandbox="allow-forms allow-same-origin allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>
</main>
<script>
window.ilmoHeights = [];
window.addEventListener('message', function (event) {
	var frame = document.getElementById('ilmo-events');
	if (event.origin !== ${JSON.stringify(appOrigin)} || event.source !== frame.contentWindow) return;
	var data = event.data;
	if (!data || data.type !== 'ilmo:height' || typeof data.height !== 'number') return;
	window.ilmoHeights.push(data.height);
	frame.style.height = Math.ceil(data.height) + 'px';
});
</script>
</body>
</html>`;
}

/** Serves the framing page at `origin` (`/?src=/embed/events`) until `close`. */
export async function startEmbedParent(
	origin: string,
	appOrigin: string
): Promise<{ url: (src: string) => string; close: () => Promise<void> }> {
	const { hostname, port } = new URL(origin);
	const server = createServer((request, response) => {
		const src = new URL(request.url ?? '/', origin).searchParams.get('src') ?? '/embed/events';
		response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		response.end(parentPage(appOrigin, src));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(Number(port), hostname, resolve);
	});
	return {
		url: (src) => `${origin}/?src=${encodeURIComponent(src)}`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
