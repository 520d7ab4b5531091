/**
 * The built server's request handler (build/handler.js, which build/index.js uses): a kept event
 * page is answered here, before SvelteKit turns the request into a Request (src/lib/server/events/
 * page-front.ts says when and why); everything else goes to adapter-node's own handler unchanged,
 * with all of its environment handling. front/adapter.js puts this file in the adapter's place.
 */
import { handler as kitHandler } from './kit-handler.js';
import { env } from './env.js';

// adapter-node's handler has already refused an invalid ORIGIN; without one, nothing is answered here.
const configured = env('ORIGIN', undefined);
const origin = configured === undefined ? undefined : new URL(configured.trim()).origin;
const FRONT_ANSWER = Symbol.for('ilmo.eventPageFront');

/** @type {import('polka').Middleware} */
export function handler(req, res, next) {
	// Set by the server bundle once it is loaded; absent until then.
	const answer = globalThis[FRONT_ANSWER];
	if (origin !== undefined && answer?.(req, res, origin)) return;
	return kitHandler(req, res, next);
}
