import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db/database';
import { RETRY_AFTER_SECONDS } from '$lib/server/db/errors';
import type { RequestHandler } from './$types';

const TIMEOUT_MS = 2000;

/** 200 when the database answers, 503 when it does not: for load balancers and uptime checks. */
export const GET: RequestHandler = async () => {
	try {
		const database = await getDatabase();
		await Promise.race([
			database.ping(),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())
		]);
		return json(
			{ status: 'ok', database: database.kind },
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch {
		return json(
			{ status: 'unavailable' },
			{
				status: 503,
				headers: { 'cache-control': 'no-store', 'retry-after': String(RETRY_AFTER_SECONDS) }
			}
		);
	}
};
