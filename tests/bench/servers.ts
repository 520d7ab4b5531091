/**
 * The servers of `npm run bench` (tests/bench/run.ts): `node build` on PostgreSQL or on the
 * embedded database, and the baseline server, each started with a clean environment and its log in
 * the work directory.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EmbeddedTarget, Target } from './context';
import { startProcess, waitForHttp, type Server } from './support';

export interface ServerSettings {
	projectDir: string;
	workDir: string;
	/** Where the app writes V8 CPU profiles (node --cpu-prof), if asked for. */
	profileDir: string | undefined;
	/** The app's ILMO_SECRET_KEY: it also keys the tickets issued before the app starts. */
	appSecret: string;
}

export function benchServers({ projectDir, workDir, profileDir, appSecret }: ServerSettings) {
	/** The environment without anything of ours the caller's shell may have set. */
	function cleanEnv(): NodeJS.ProcessEnv {
		const env = { ...process.env };
		for (const key of Object.keys(env)) {
			if (key.startsWith('ILMO_') || key.startsWith('npm_') || key === 'DATABASE_URL')
				delete env[key];
		}
		// Empty counts as unset for the app, and `.env` (loaded without overriding) cannot set it either.
		return { ...env, SMTP_URL: '', ADDRESS_HEADER: '', XFF_DEPTH: '' };
	}

	/** `node build`; without a databaseUrl on the embedded database in dataDir. */
	function startApp(
		target: Pick<Target, 'port' | 'origin' | 'nodeArgs'> & { databaseUrl?: string },
		dataDir = path.join(workDir, 'app-data'),
		name = 'app'
	): Server {
		mkdirSync(dataDir, { recursive: true });
		return startProcess({
			name,
			command: process.execPath,
			args: [
				...(target.nodeArgs ?? []),
				...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
				'build/index.js'
			],
			cwd: projectDir,
			url: target.origin,
			logFile: path.join(workDir, `${name}.log`),
			env: {
				...cleanEnv(),
				NODE_ENV: 'production',
				// Empty counts as unset: the embedded database.
				DATABASE_URL: target.databaseUrl ?? '',
				HOST: '127.0.0.1',
				PORT: String(target.port),
				ORIGIN: target.origin,
				ILMO_DATA_DIR: dataDir,
				ILMO_RATE_LIMIT_SIGNUPS: '1000000/1m',
				ILMO_RATE_LIMIT_LOGINS: '1000000/1m',
				ILMO_RATE_KEY: 'bench-rate-key-not-secret',
				ILMO_SECRET_KEY: appSecret,
				SHUTDOWN_TIMEOUT: '1'
			}
		});
	}

	function startBaseline(target: Target): Server {
		return startProcess({
			name: 'baseline',
			command: process.execPath,
			args: [...(target.nodeArgs ?? []), '--import', 'tsx', 'tests/bench/baseline-server.ts'],
			cwd: projectDir,
			url: target.origin,
			logFile: path.join(workDir, 'baseline.log'),
			env: {
				...cleanEnv(),
				NODE_ENV: 'production',
				DATABASE_URL: target.databaseUrl,
				PORT: String(target.port),
				ORIGIN: target.origin,
				MAIL_DIR: path.join(workDir, 'baseline-mail')
			}
		});
	}

	async function start(target: Target): Promise<number> {
		const since = performance.now();
		target.server = target.kind === 'app' ? startApp(target) : startBaseline(target);
		return waitForHttp(`${target.origin}/`, { since, server: target.server, timeoutMs: 60_000 });
	}

	async function startEmbedded(target: EmbeddedTarget): Promise<number> {
		const since = performance.now();
		target.server = startApp(target, target.dataDir, 'app-embedded');
		return waitForHttp(`${target.origin}/`, { since, server: target.server, timeoutMs: 60_000 });
	}

	async function restart(target: Target) {
		await target.server?.stop();
		await start(target);
	}

	return { cleanEnv, start, startEmbedded, restart };
}
