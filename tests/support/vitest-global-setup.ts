import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './postgres-server';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
	}
}

/** Every integration test runs against a real PostgreSQL server: TEST_DATABASE_URL's, or one started here. */
export default async function setup(project: TestProject) {
	const given = process.env.TEST_DATABASE_URL;
	if (given) {
		project.provide('postgresUrl', given);
		return;
	}
	console.log('[tests] TEST_DATABASE_URL is not set: starting an embedded PostgreSQL server');
	const server = await startEmbeddedPostgres();
	project.provide('postgresUrl', server.url);
	return () => server.stop();
}
