/**
 * A PostgreSQL server of the rush tests' own, for the test that restarts it: the shared server of
 * the global set-up (or TEST_DATABASE_URL's) must stay up for everyone else.
 */
import { startEmbeddedPostgres } from '../../support/postgres-server';

export interface RestartablePostgres {
	/** Superuser URL of the `postgres` database. */
	url: string;
	/** Fast shutdown (SIGINT): open connections are terminated, the data stays. */
	stop(): Promise<void>;
	/** Starts the stopped server again on the same port and data directory. */
	start(): Promise<void>;
	/** Stops the server and deletes its files. */
	destroy(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
	const server = await startEmbeddedPostgres({ maxConnections: 200 });
	return {
		url: server.url,
		stop: () => server.pause(),
		start: () => server.resume(),
		destroy: () => server.stop()
	};
}
