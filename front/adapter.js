import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FRONT_HANDLER = fileURLToPath(new URL('./handler.js', import.meta.url));

/**
 * adapter-node with front/handler.js in front of its request handler, so that `node build` stays
 * the whole server (PORT, HOST, ORIGIN, BODY_SIZE_LIMIT, socket activation, graceful shutdown are
 * adapter-node's as before). The adapter copies its entry files into a working directory and then
 * bundles them; the copy is where its handler.js becomes kit-handler.js and ours takes its name, so
 * that its index.js, and any custom server importing build/handler.js, goes through ours. Under
 * `vite dev` no adapter runs and nothing changes.
 *
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withFrontHandler(adapter) {
	return {
		...adapter,
		async adapt(builder) {
			let placed = false;
			const copy = (/** @type {Parameters<typeof builder.copy>} */ ...args) => {
				const copied = builder.copy(...args);
				const to = args[1];
				if (existsSync(`${to}/handler.js`) && existsSync(`${to}/index.js`)) {
					placeFrontHandler(to);
					placed = true;
				}
				return copied;
			};
			await adapter.adapt(Object.assign(Object.create(builder), { copy }));
			// An adapter-node that no longer copies its entry files would leave the front out silently.
			if (!placed) throw new Error('front/adapter.js: adapter-node did not copy its handler.js');
		}
	};
}

/** @param {string} entries the adapter's copied entry files */
function placeFrontHandler(entries) {
	const index = readFileSync(`${entries}/index.js`, 'utf8');
	if (!index.includes("from './handler.js'")) {
		throw new Error("front/adapter.js: adapter-node's index.js no longer imports ./handler.js");
	}
	renameSync(`${entries}/handler.js`, `${entries}/kit-handler.js`);
	copyFileSync(FRONT_HANDLER, `${entries}/handler.js`);
}
