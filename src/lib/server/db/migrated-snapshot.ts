/**
 * A migrated, empty PGlite data directory kept as a tarball (PGlite's `dumpDataDir`), from which a
 * new embedded database starts instead of running initdb and the whole migration history (about 5 s
 * on a new `npm run dev` data directory). PGlite itself fills a new data directory from a tarball
 * of an initdb made in memory, so loading ours is the same step with the migrations already in it.
 *
 * Kept under node_modules/.cache/ilmo, named by a key of PGlite's version and the migration files:
 * a new PGlite or a new migration is another name, so a stale snapshot is never read. The name also
 * holds a hash of the content, checked on reading: a damaged file is removed. Made by `npm install`
 * (`prepare`, scripts/prepare-dev.ts) and by the tests' set-up (tests/support/vitest-global-setup.ts),
 * which start their in-memory databases from it. Not made when a server opens a new data directory
 * without one: in memory, initdb and the migrations and then loading the result are slower than
 * PGlite's initdb in place, and a production server opens a new data directory once.
 *
 * Every database made from one snapshot shares what the migrations wrote. None writes anything
 * random or installation-specific (a key, a salt, a time): keep it so; such values belong to the
 * first start (as the secret key's binding, auth/secret-key.ts), not to a migration.
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { installedVersion } from '../installed-version';

/** Raised when what the tarball holds changes (e.g. compressed instead of plain). */
const FORMAT = 'plain-tar-1';
const PREFIX = 'pglite-migrated-';

export function defaultSnapshotDir(): string {
	return path.resolve('node_modules/.cache/ilmo');
}

function listFiles(folder: string, under = ''): string[] {
	return readdirSync(path.join(folder, under), { withFileTypes: true })
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
		.flatMap((entry) => {
			const relative = path.join(under, entry.name);
			return entry.isDirectory() ? listFiles(folder, relative) : [relative];
		});
}

/** What a snapshot depends on: PGlite's version and every file of the migrations folder. */
export function snapshotKey(migrationsFolder: string): string {
	const hash = createHash('sha256');
	hash.update(`${FORMAT}\0${installedVersion('@electric-sql/pglite')}\0`);
	for (const file of listFiles(migrationsFolder)) {
		const content = readFileSync(path.join(migrationsFolder, file));
		hash.update(`${file}\0${content.length}\0`);
		hash.update(content);
	}
	return hash.digest('hex').slice(0, 24);
}

const contentHash = (bytes: Uint8Array) =>
	createHash('sha256').update(bytes).digest('hex').slice(0, 24);

/** Initdb and the migrations in memory, dumped as a tarball. */
export async function makeMigratedSnapshot(
	migrationsFolder: string
): Promise<Uint8Array<ArrayBuffer>> {
	const pglite = await PGlite.create();
	try {
		await migrate(drizzle(pglite), { migrationsFolder });
		// Uncompressed: loading it is then no slower, and it stays on this machine.
		const dump = await pglite.dumpDataDir('none');
		return new Uint8Array(await dump.arrayBuffer());
	} finally {
		await pglite.close();
	}
}

/** The kept snapshot for this key, if there is one and it is whole; a damaged one is removed. */
export function readMigratedSnapshot(
	snapshotDir: string,
	key: string
): Uint8Array<ArrayBuffer> | undefined {
	if (!existsSync(snapshotDir)) return undefined;
	for (const name of readdirSync(snapshotDir)) {
		if (!name.startsWith(`${PREFIX}${key}-`) || !name.endsWith('.tar')) continue;
		const file = path.join(snapshotDir, name);
		const bytes = new Uint8Array(readFileSync(file));
		if (name === `${PREFIX}${key}-${contentHash(bytes)}.tar`) return bytes;
		rmSync(file, { force: true });
	}
	return undefined;
}

/**
 * Keeps a snapshot; written under a temporary name and renamed, so a reader never sees half of one.
 * Snapshots of other keys are removed. Best effort: a read-only folder only means no cache.
 */
export function writeMigratedSnapshot(snapshotDir: string, key: string, bytes: Uint8Array): void {
	try {
		mkdirSync(snapshotDir, { recursive: true });
		const name = `${PREFIX}${key}-${contentHash(bytes)}.tar`;
		const temporary = path.join(snapshotDir, `.${name}.${process.pid}`);
		writeFileSync(temporary, bytes);
		renameSync(temporary, path.join(snapshotDir, name));
		for (const other of readdirSync(snapshotDir)) {
			if (other.startsWith(PREFIX) && !other.startsWith(`${PREFIX}${key}-`)) {
				rmSync(path.join(snapshotDir, other), { force: true });
			}
		}
	} catch (error) {
		console.warn(`[ilmo] Could not keep the database snapshot: ${(error as Error).message}`);
	}
}

export interface SnapshotOptions {
	migrationsFolder: string;
	/**
	 * Where snapshots are kept (default node_modules/.cache/ilmo when node_modules exists); `false`
	 * keeps none: the snapshot is made for this use only.
	 */
	snapshotDir?: string | false;
}

/** The folder snapshots are kept in, or false: by default only where node_modules is. */
function keptIn(options: SnapshotOptions): string | false {
	if (options.snapshotDir !== undefined) return options.snapshotDir;
	return existsSync(path.resolve('node_modules')) ? defaultSnapshotDir() : false;
}

/** The kept snapshot for these migrations, if there is a whole one. */
export function keptMigratedSnapshot(
	options: SnapshotOptions
): Uint8Array<ArrayBuffer> | undefined {
	const snapshotDir = keptIn(options);
	return snapshotDir
		? readMigratedSnapshot(snapshotDir, snapshotKey(options.migrationsFolder))
		: undefined;
}

/** The migrated snapshot: the kept one, or a new one made now and kept. */
export async function ensureMigratedSnapshot(
	options: SnapshotOptions
): Promise<Uint8Array<ArrayBuffer>> {
	const snapshotDir = keptIn(options);
	const key = snapshotKey(options.migrationsFolder);
	const kept = snapshotDir ? readMigratedSnapshot(snapshotDir, key) : undefined;
	if (kept) return kept;
	const made = await makeMigratedSnapshot(options.migrationsFolder);
	if (snapshotDir) writeMigratedSnapshot(snapshotDir, key, made);
	return made;
}

/** Forgets the kept snapshot for these migrations: after it failed to load. */
export function removeMigratedSnapshot(options: SnapshotOptions): void {
	const snapshotDir = keptIn(options);
	if (!snapshotDir || !existsSync(snapshotDir)) return;
	const key = snapshotKey(options.migrationsFolder);
	for (const name of readdirSync(snapshotDir)) {
		if (name.startsWith(`${PREFIX}${key}-`)) rmSync(path.join(snapshotDir, name), { force: true });
	}
}
