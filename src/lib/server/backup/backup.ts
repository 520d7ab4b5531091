import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import * as audit from '../audit';
import { encryptStream } from './crypto';
import {
	FORMAT,
	FORMAT_VERSION,
	oneLine,
	type BackupHeader,
	type BackupTrailer,
	type SectionHeader,
	type TableCount
} from './format';
import { columnList, listTables, rows, schemaVersion, table, type TableInfo } from './tables';

export interface BackupOptions {
	/** Encrypt the file with this passphrase (crypto.ts). */
	passphrase?: string;
	/** Recorded in the audit trail: a backup is a copy of everyone's personal data. */
	actor?: audit.AuditInput['actor'];
	now?: Date;
}

export interface BackupResult {
	createdAt: string;
	schemaVersion: number;
	tables: TableCount[];
}

// Rows fetched per round trip from the cursor: enough to keep the round trips cheap, few enough
// that memory stays flat whatever the size of the database.
const FETCH_SIZE = 500;

/**
 * Writes a consistent snapshot of every table to `out` (a stream, or a path that is written
 * atomically: a temporary file beside it, renamed into place when complete).
 */
export async function createBackup(
	db: Db,
	out: Writable | string,
	options: BackupOptions = {}
): Promise<BackupResult> {
	const counts: TableCount[] = [];
	let header: BackupHeader | undefined;
	const encrypt = options.passphrase ? await encryptStream(options.passphrase) : undefined;
	await db.transaction(
		async (tx) => {
			// Output settings that make every value's text exact and independent of the server's.
			await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
			await tx.execute(sql`SET LOCAL extra_float_digits = 3`);
			await tx.execute(sql`SET LOCAL bytea_output = 'hex'`);
			await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
			const tables = await listTables(tx);
			header = {
				format: FORMAT,
				formatVersion: FORMAT_VERSION,
				createdAt: (options.now ?? new Date()).toISOString(),
				schemaVersion: await schemaVersion(tx),
				tables: tables.map((t) => t.name)
			};
			const body = Readable.from(lines(tx, header, tables, counts), { objectMode: false });
			const stages: Stage[] = [body, createGzip(), ...(encrypt ? [encrypt] : [])];
			if (typeof out === 'string') await writeAtomically(out, stages);
			else await pipeline([...stages, out]);
		},
		// One snapshot for every table, without blocking writers (PGlite has one connection, so
		// any transaction there is consistent).
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
	const total = counts.reduce((sum, t) => sum + t.rows, 0);
	await audit.record(db, {
		action: 'backup.created',
		actor: options.actor ?? { kind: 'system' },
		count: total,
		details: { tables: counts.length, encrypted: Boolean(options.passphrase) }
	});
	return { createdAt: header!.createdAt, schemaVersion: header!.schemaVersion, tables: counts };
}

async function* lines(
	tx: Tx,
	header: BackupHeader,
	tables: TableInfo[],
	counts: TableCount[]
): AsyncGenerator<Buffer> {
	const hash = createHash('sha256');
	const line = (text: string) => {
		const bytes = Buffer.from(text + '\n', 'utf8');
		hash.update(bytes);
		return bytes;
	};
	yield line(JSON.stringify(header));
	for (const info of tables) {
		const from = table(info.name);
		const [{ n }] = (await rows<{ n: string }>(
			tx,
			sql`SELECT count(*)::text AS n FROM ${from}`
		)) as [{ n: string }];
		const section: SectionHeader = {
			table: info.name,
			columns: info.columns,
			json: info.json,
			rows: Number(n)
		};
		yield line(JSON.stringify(section));
		// Ordered by primary key so two backups of the same data are the same file (but for times).
		const order = info.primaryKey.length ? sql` ORDER BY ${columnList(info.primaryKey)}` : sql``;
		// `r.*`, not `r`: in a table with a column called r, a bare `r` would mean that column.
		await tx.execute(
			sql`DECLARE ilmo_backup NO SCROLL CURSOR FOR SELECT row_to_json(r.*)::text AS j
				FROM (SELECT ${selectList(info)} FROM ${from}${order}) r`
		);
		let written = 0;
		for (;;) {
			const batch = await rows<{ j: string }>(
				tx,
				sql.raw(`FETCH FORWARD ${FETCH_SIZE} FROM ilmo_backup`)
			);
			for (const row of batch) yield line(oneLine(row.j));
			written += batch.length;
			if (batch.length < FETCH_SIZE) break;
		}
		await tx.execute(sql`CLOSE ilmo_backup`);
		// Cannot happen inside one snapshot; if it ever did, the file would be unreadable.
		if (written !== section.rows) throw new Error(`${info.name} changed during the backup`);
		counts.push({ table: info.name, rows: written });
	}
	const trailer: BackupTrailer = {
		end: FORMAT,
		rows: Object.fromEntries(counts.map((c) => [c.table, c.rows])),
		sha256: hash.digest('hex')
	};
	yield Buffer.from(JSON.stringify(trailer) + '\n', 'utf8');
}

/** The columns, json ones wrapped so that JSON null is not read back as SQL NULL (format.ts). */
function selectList(info: TableInfo) {
	return sql.join(
		info.columns.map((c) => {
			const column = sql.identifier(c);
			return info.json.includes(c)
				? sql`CASE WHEN ${column} IS NULL THEN NULL ELSE json_build_array(${column}) END AS ${column}`
				: column;
		}),
		sql`, `
	);
}

type Stage = NodeJS.ReadableStream | NodeJS.ReadWriteStream | NodeJS.WritableStream;

/**
 * A half-written backup must never look like a backup: write beside the target, flush to disk,
 * then rename. Owner-only permissions: the file holds everyone's personal data.
 */
async function writeAtomically(file: string, stages: Stage[]) {
	const target = path.resolve(file);
	const temporary = path.join(
		path.dirname(target),
		`.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`
	);
	try {
		await pipeline([
			...stages,
			createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true })
		]);
		await rename(temporary, target);
	} catch (error) {
		await unlink(temporary).catch(() => {});
		throw error;
	}
}
