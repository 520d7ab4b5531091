import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, startEmbeddedPostgres } from '$tests/postgres-server';

describe('GET /healthz', () => {
	let stopServer: (() => Promise<void>) | undefined;
	afterAll(async () => {
		await stopServer?.();
	});

	it('answers 200 while the database answers and 503 once it is gone', async () => {
		const server = await startEmbeddedPostgres();
		stopServer = server.stop;
		// The route opens the process-wide database from configuration, as in production.
		process.env.DATABASE_URL = await createDatabase(server.url);
		const { GET } = await import('./+server');
		const call = () => GET({} as Parameters<typeof GET>[0]) as Promise<Response>;

		const up = await call();
		expect(up.status).toBe(200);
		expect(await up.json()).toEqual({ status: 'ok', database: 'postgres' });
		expect(up.headers.get('cache-control')).toBe('no-store');

		await server.stop();
		stopServer = undefined;
		const down = await call();
		expect(down.status).toBe(503);
		expect(await down.json()).toEqual({ status: 'unavailable' });
		// A load balancer's retry and a visitor's browser both read it.
		expect(down.headers.get('retry-after')).toBe('5');
	});
});
