import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import * as audit from '../audit';
import { bindSecretKey, KEY_CHECK, SecretKeyError } from '../auth/secret-key';
import { BackupRefusedError, type SectionHeader, type TableCount } from './format';
import { openBackup, type BackupInput } from './reader';
import { columnList, listTables, rows, schemaVersion, table, type TableInfo } from './tables';

/** Runs inside the restore's transaction once all rows are in, before it commits. */
export type AfterRestore = (tx: Tx) => Promise<void>;

export interface RestoreOptions {
	/** Replace the data of a database that is not empty. */
	force?: boolean;
	passphrase?: string;
	/**
	 * The erasure feature's hook: re-apply the erasure journal to the restored rows, so a person
	 * erased after the backup was taken stays erased. Throwing rolls the whole restore back.
	 */
	afterRestore?: AfterRestore;
	actor?: audit.AuditInput['actor'];
	/**
	 * ILMO_SECRET_KEY as resolved (auth/secret-key.ts). Given, a backup made under another secret
	 * is refused (its TOTP keys could not be read), and TOTP keys an older backup holds in plain
	 * text are encrypted before the restore commits. The CLI always gives it.
	 */
	secretKey?: string;
}

export interface RestoreResult {
	createdAt: string;
	schemaVersion: number;
	tables: TableCount[];
	/** Rows of journal tables that were in this database before and were kept. */
	kept: TableCount[];
	/** Tables or columns in the backup that this schema no longer has, so were not restored. */
	ignored: string[];
}

/**
 * Tables whose rows outlive a restore: the erasure journal records that people were erased, and a
 * restore must not bring them back. Rows in the database are kept beside the backup's (matched by
 * primary key, so the journal's key must be a value the same entry has everywhere, like a uuid).
 */
export const PRESERVED_TABLES = new Set(['erasure_journal']);

/**
 * Loads a backup into this database in one transaction: all of it, or (on any refusal or error)
 * nothing. The database must be empty unless `force`. A backup from an older schema is loaded into
 * the columns that still exist (new columns get their defaults, new tables stay empty); one from
 * a newer schema is refused.
 */
export async function restoreBackup(
	db: Db,
	input: BackupInput,
	options: RestoreOptions = {}
): Promise<RestoreResult> {
	const backup = await openBackup(input, options.passphrase);
	const { header } = backup;
	try {
		return await db.transaction(async (tx) => {
			// Lets the append-only tables be emptied and refilled (their triggers check it).
			await tx.execute(sql`SET LOCAL ilmo.maintenance = 'restore'`);
			const current = await schemaVersion(tx);
			if (header.schemaVersion > current) {
				throw new BackupRefusedError(
					`The backup was made with a newer database schema (${header.schemaVersion}) than this ` +
						`one has (${current}): upgrade Ilmo first, then restore.`
				);
			}
			const tables = await listTables(tx);
			const byName = new Map(tables.map((t) => [t.name, t]));
			// Writers wait (readers do not) until the restore commits or rolls back.
			await tx.execute(
				sql`LOCK TABLE ${sql.join(
					tables.map((t) => table(t.name)),
					sql`, `
				)} IN EXCLUSIVE MODE`
			);
			await refuseUnlessEmpty(tx, tables, options.force ?? false);
			const kept = await stashPreserved(tx, tables);

			const staged = new Map<string, Stage>();
			const ignored: string[] = [];
			const stage = async (section: SectionHeader, batch: Buffer[]) => {
				const info = byName.get(section.table);
				if (!info) {
					if (!ignored.includes(section.table)) ignored.push(section.table);
					return;
				}
				let target = staged.get(section.table);
				if (!target) {
					target = await createStage(tx, info, section, staged.size, ignored);
					staged.set(section.table, target);
				}
				const json = `[${batch.map((b) => b.toString('utf8')).join(',')}]`;
				const columns = columnList(target.columns);
				try {
					await tx.execute(
						sql`INSERT INTO ${sql.identifier(target.stage)} (${columns})
							SELECT ${columns} FROM json_populate_recordset(NULL::${table(info.name)}, ${json}::json)`
					);
				} catch (error) {
					throw new BackupRefusedError(
						`Could not load table ${info.name} from the backup (${(error as Error).message}); ` +
							'nothing was restored.'
					);
				}
			};
			const loaded = await backup.read(stage);

			// The whole file is verified: only now is any data replaced.
			for (const info of [...tables].reverse())
				await tx.execute(sql`DELETE FROM ${table(info.name)}`);
			for (const info of tables) {
				const source = staged.get(info.name);
				if (!source) continue;
				// One statement per table, so rows pointing at rows of the same table (a merged
				// contact) are checked when all of them are in, whatever their order in the file.
				const values = sql.join(
					source.columns.map((c) =>
						source.json.includes(c) ? sql`${sql.identifier(c)} -> 0` : sql.identifier(c)
					),
					sql`, `
				);
				try {
					await tx.execute(
						sql`INSERT INTO ${table(info.name)} (${columnList(source.columns)}) OVERRIDING SYSTEM VALUE
							SELECT ${values} FROM ${sql.identifier(source.stage)}`
					);
				} catch (error) {
					// E.g. an older backup lacking a column this schema requires without a default.
					throw new BackupRefusedError(
						`Could not restore table ${info.name} (${(error as Error).message}); nothing was restored.`
					);
				}
			}
			const keptCounts = await mergePreserved(tx, tables, kept);
			await resetSequences(tx, tables);
			await options.afterRestore?.(tx);
			if (options.secretKey !== undefined) await bindRestoredSecretKey(tx, options.secretKey);

			const restored = loaded.filter((t) => byName.has(t.table));
			await audit.record(tx, {
				action: 'backup.restored',
				actor: options.actor ?? { kind: 'system' },
				count: restored.reduce((sum, t) => sum + t.rows, 0),
				details: {
					backupCreatedAt: header.createdAt,
					backupSchemaVersion: header.schemaVersion,
					force: options.force ?? false
				}
			});
			return {
				createdAt: header.createdAt,
				schemaVersion: header.schemaVersion,
				tables: restored,
				kept: keptCounts,
				ignored
			};
		});
	} finally {
		backup.close();
	}
}

async function bindRestoredSecretKey(tx: Tx, secretKey: string) {
	try {
		await bindSecretKey(tx, secretKey);
	} catch (error) {
		if (!(error instanceof SecretKeyError)) throw error;
		throw new BackupRefusedError(
			'The backup was made under a different ILMO_SECRET_KEY (or, without one, another data ' +
				"folder's secret.key): its TOTP keys could not be read. Restore with the key it was " +
				'made with; nothing was restored.'
		);
	}
}

async function refuseUnlessEmpty(tx: Tx, tables: TableInfo[], force: boolean) {
	if (force) return;
	const filled: string[] = [];
	for (const info of tables) {
		if (PRESERVED_TABLES.has(info.name)) continue;
		// A started server has stored its key check (auth/secret-key.ts): that is no data.
		const others =
			info.name === 'app_meta' ? sql` WHERE ${sql.identifier('key')} <> ${KEY_CHECK}` : sql``;
		const [row] = await rows<{ filled: boolean }>(
			tx,
			sql`SELECT EXISTS (SELECT 1 FROM ${table(info.name)}${others}) AS filled`
		);
		if (row?.filled) filled.push(info.name);
	}
	if (filled.length > 0) {
		throw new BackupRefusedError(
			`The database is not empty (data in: ${filled.join(', ')}). Restore into an empty ` +
				'database, or use --force to replace all of its data with the backup.'
		);
	}
}

interface Stage {
	stage: string;
	columns: string[];
	/** Columns holding `[value]` (format.ts), unwrapped when copied into the real table. */
	json: string[];
}

/** A temporary table holding the backup's rows until the whole file has been verified. */
async function createStage(
	tx: Tx,
	info: TableInfo,
	section: SectionHeader,
	index: number,
	ignored: string[]
): Promise<Stage> {
	const columns = section.columns.filter((c) => info.columns.includes(c));
	for (const c of section.columns) if (!columns.includes(c)) ignored.push(`${info.name}.${c}`);
	const stage = `ilmo_restore_${index}`;
	await tx.execute(
		sql`CREATE TEMPORARY TABLE ${sql.identifier(stage)} ON COMMIT DROP AS
			SELECT ${columnList(columns)} FROM ${table(info.name)} WITH NO DATA`
	);
	return { stage, columns, json: section.json.filter((c) => info.json.includes(c)) };
}

async function stashPreserved(tx: Tx, tables: TableInfo[]) {
	const kept = new Map<string, string>();
	for (const info of tables) {
		if (!PRESERVED_TABLES.has(info.name)) continue;
		const stash = `ilmo_keep_${kept.size}`;
		await tx.execute(
			sql`CREATE TEMPORARY TABLE ${sql.identifier(stash)} ON COMMIT DROP AS
				SELECT ${columnList(info.columns)} FROM ${table(info.name)}`
		);
		kept.set(info.name, stash);
	}
	return kept;
}

async function mergePreserved(tx: Tx, tables: TableInfo[], kept: Map<string, string>) {
	const counts: TableCount[] = [];
	for (const info of tables) {
		const stash = kept.get(info.name);
		if (!stash) continue;
		const [row] = await rows<{ n: string }>(
			tx,
			sql`WITH added AS (
					INSERT INTO ${table(info.name)} (${columnList(info.columns)}) OVERRIDING SYSTEM VALUE
					SELECT ${columnList(info.columns)} FROM ${sql.identifier(stash)}
					ON CONFLICT DO NOTHING RETURNING 1
				) SELECT count(*)::text AS n FROM added`
		);
		counts.push({ table: info.name, rows: Number(row?.n ?? 0) });
	}
	return counts;
}

/** Rows came with their ids: move each serial or identity sequence past the largest one. */
async function resetSequences(tx: Tx, tables: TableInfo[]) {
	for (const info of tables) {
		for (const { column, sequence } of info.sequences) {
			await tx.execute(
				sql`SELECT setval(${sequence}::regclass, max(${sql.identifier(column)}))
					FROM ${table(info.name)} HAVING max(${sql.identifier(column)}) IS NOT NULL`
			);
		}
	}
}
