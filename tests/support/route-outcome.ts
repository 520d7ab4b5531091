import { isHttpError, isRedirect } from '@sveltejs/kit';

/** What a route's load or action ended in: its data, a redirect or an HTTP error. */
export type Outcome =
	| { kind: 'data'; value: unknown }
	| { kind: 'redirect'; status: number; location: string }
	| { kind: 'error'; status: number };

/**
 * Runs a load or action and says how it ended, so a test can compare redirects and errors as data
 * (SvelteKit throws them); anything else thrown is a real failure and is rethrown.
 */
export async function outcome(run: () => unknown): Promise<Outcome> {
	try {
		return { kind: 'data', value: await run() };
	} catch (thrown) {
		if (isRedirect(thrown)) {
			return { kind: 'redirect', status: thrown.status, location: thrown.location };
		}
		if (isHttpError(thrown)) return { kind: 'error', status: thrown.status };
		throw thrown;
	}
}
