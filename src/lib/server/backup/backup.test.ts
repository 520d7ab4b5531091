import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../db';
import { erasureJournal, eventImageVariant, registration, siteBrand } from '../db/schema';
import * as audit from '../audit';
import { reapplyErasureJournal } from '../requests';
import { DATABASE_KINDS, openTestDatabase, type DatabaseKind } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { BackupRefusedError, createBackup, restoreBackup, type BackupOptions } from './index';
import { dumpAll, emptyTables, EVERY_BYTE, fillEveryTable } from '$tests/backup-fill';
import { listTables, rows } from './tables';

async function backupToBuffer(db: Db, options: BackupOptions = {}): Promise<Buffer> {
	const chunks: Buffer[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			chunks.push(chunk);
			callback();
		}
	});
	await createBackup(db, sink, options);
	return Buffer.concat(chunks);
}

const input = (file: Buffer) => Readable.from([file]);

/** Edits the lines of a plain backup and writes a valid trailer for the result. */
function rewrite(file: Buffer, edit: (lines: string[]) => string[]): Buffer {
	const lines = gunzipSync(file).toString('utf8').split('\n');
	lines.pop(); // after the last newline
	lines.pop(); // the trailer
	const body = edit(lines);
	const header = JSON.parse(body[0]!) as { tables: string[] };
	const rows: Record<string, number> = {};
	for (let i = 1, t = 0; t < header.tables.length; t++) {
		const section = JSON.parse(body[i]!) as { table: string; rows: number };
		rows[section.table] = section.rows;
		i += 1 + section.rows;
	}
	const text = body.map((l) => l + '\n').join('');
	const sha256 = createHash('sha256').update(text).digest('hex');
	return gzipSync(text + JSON.stringify({ end: 'ilmo-backup', rows, sha256 }) + '\n');
}

const other = (kind: DatabaseKind): DatabaseKind => (kind === 'pglite' ? 'postgres' : 'pglite');

describe.each([
	['pglite', 'postgres'],
	['postgres', 'pglite'],
	['pglite', 'pglite'],
	['postgres', 'postgres']
] as const)('a backup taken on %s, restored into %s', (from, to) => {
	it('restores every table row by row', async () => {
		const source = await openTestDatabase(from);
		const target = await openTestDatabase(to);
		try {
			await fillEveryTable(source.db);
			// A table nobody fills here is a table whose backup nobody tests: name it.
			expect(await emptyTables(source.db)).toEqual([]);
			const before = await dumpAll(source.db);
			const result = await restoreBackup(target.db, input(await backupToBuffer(source.db)));
			expect(await dumpAll(target.db)).toEqual(before);
			expect(result.tables.map((t) => t.table).sort()).toEqual(Object.keys(before).sort());
			// Identity sequences moved past the restored ids: new rows still get fresh keys.
			await audit.record(target.db, { action: 'backup.test_filled', actor: { kind: 'system' } });
		} finally {
			await source.close();
			await target.close();
		}
	});
});

describe.each(DATABASE_KINDS)('exact values, from %s to the other kind', (kind) => {
	it('brings event images and the logo back byte for byte, as Buffers', async () => {
		const source = await openTestDatabase(kind);
		const target = await openTestDatabase(other(kind));
		try {
			await fillEveryTable(source.db);
			await restoreBackup(target.db, input(await backupToBuffer(source.db)));
			const [variant] = await target.db.select().from(eventImageVariant);
			const [brand] = await target.db.select().from(siteBrand);
			expect(Buffer.isBuffer(variant!.bytes)).toBe(true);
			expect(variant!.bytes.equals(EVERY_BYTE)).toBe(true);
			expect(brand!.logoPng!.equals(EVERY_BYTE)).toBe(true);
		} finally {
			await source.close();
			await target.close();
		}
	});

	it('round-trips bytea, numeric, floats, arrays, json, intervals and identity columns', async () => {
		const source = await openTestDatabase(kind);
		const target = await openTestDatabase(other(kind));
		// Columns called r and t on purpose: the names of aliases in the backup's and test's queries.
		const create = sql`CREATE TABLE zz_types (
			id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, b bytea, n numeric, f float8,
			r real, ts timestamptz, t timestamp, d date, arr text[], j json, jb jsonb, iv interval,
			big bigint, txt text, twice bigint GENERATED ALWAYS AS (big * 2) STORED)`;
		try {
			await source.db.execute(create);
			await target.db.execute(create);
			await source.db
				.execute(sql`INSERT INTO zz_types (b, n, f, r, ts, t, d, arr, j, jb, iv, big, txt)
				VALUES ('\\x00ff0a0d', 123456789012345678901234567890.123456789, 0.1, 3.4028235e38,
					'2026-01-02 03:04:05.123456+02', '2026-01-02 03:04:05.654321', '0044-03-15 BC',
					ARRAY['a', 'b"c', NULL, E'x\\ny'], '{"a": 1,  "b": [1, 2]}', '{"z": 1, "a": [1.50, "x"]}',
					'1 year 2 mons 3 days 04:05:06.789', 9007199254740993, E'line\\nnext \\u00e5 🚚'),
				(NULL, 'NaN', '-Infinity', 'NaN', 'infinity', '-infinity', NULL, '{}', 'null', 'null',
					'-1 day', -9223372036854775808 / 2, ''),
				(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
			const before = await dumpAll(source.db);
			await restoreBackup(target.db, input(await backupToBuffer(source.db)));
			expect(await dumpAll(target.db)).toEqual(before);
			expect(before.zz_types).toHaveLength(3);
		} finally {
			await source.close();
			await target.close();
		}
	});
});

describe.each(DATABASE_KINDS)('restoring on %s', (kind) => {
	let source: Database;
	let file: Buffer;
	let sourceDump: Record<string, string[]>;
	let filled: Awaited<ReturnType<typeof fillEveryTable>>;
	beforeAll(async () => {
		source = await openTestDatabase(kind);
		filled = await fillEveryTable(source.db);
		sourceDump = await dumpAll(source.db);
		file = await backupToBuffer(source.db);
	});
	afterAll(async () => {
		await source?.close();
	});

	async function withTarget(test: (target: Database) => Promise<void>) {
		const target = await openTestDatabase(kind);
		try {
			await test(target);
		} finally {
			await target.close();
		}
	}

	const allTables = async (db: Db) => (await listTables(db)).map((t) => t.name);

	it('refuses a database that is not empty, and replaces its data when forced', async () => {
		await withTarget(async (target) => {
			await makeEvent(target.db);
			const before = await dumpAll(target.db);
			const refused = restoreBackup(target.db, input(file));
			await expect(refused).rejects.toThrow(BackupRefusedError);
			await expect(refused).rejects.toThrow(/not empty \(data in: event\)/);
			expect(await dumpAll(target.db)).toEqual(before);
			await restoreBackup(target.db, input(file), { force: true });
			expect(await dumpAll(target.db)).toEqual(sourceDump);
		});
	});

	it('writes a file atomically, readable by its owner only', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-backup-'));
		const out = path.join(dir, 'ilmo.backup');
		const result = await createBackup(source.db, out);
		expect(readdirSync(dir)).toEqual(['ilmo.backup']);
		expect(statSync(out).mode & 0o777).toBe(0o600);
		expect(result.tables.find((t) => t.table === 'registration')?.rows).toBe(2);
		await withTarget(async (target) => {
			await restoreBackup(target.db, out);
			expect(await dumpAll(target.db)).toEqual(sourceDump);
		});
	});

	it('encrypts with a passphrase and refuses a wrong or missing one', async () => {
		const encrypted = await backupToBuffer(source.db, { passphrase: 'kuorma-auto-2026' });
		expect(encrypted.subarray(0, 8).toString('latin1')).toBe('ILMOENC1');
		expect(encrypted.includes(Buffer.from('Kuljetus Oy'))).toBe(false);
		await withTarget(async (target) => {
			await expect(
				restoreBackup(target.db, input(encrypted), { passphrase: 'wrong-passphrase' })
			).rejects.toThrow(/wrong passphrase/);
			await expect(restoreBackup(target.db, input(encrypted))).rejects.toThrow(
				/passphrase is needed/
			);
			expect((await emptyTables(target.db)).sort()).toEqual((await allTables(target.db)).sort());
			await restoreBackup(target.db, input(encrypted), { passphrase: 'kuorma-auto-2026' });
			expect(await dumpAll(target.db)).toEqual(sourceDump);
		});
	});

	it('refuses a truncated, altered or foreign file and writes nothing', async () => {
		const encrypted = await backupToBuffer(source.db, { passphrase: 'kuorma-auto-2026' });
		const flipped = Buffer.from(encrypted);
		flipped[flipped.length - 40]! ^= 1;
		const tampered = gzipSync(
			gunzipSync(file).toString('utf8').replace('Kuljetus Oy', 'Kuljetus Ab')
		);
		await withTarget(async (target) => {
			const cases: [Buffer, RegExp][] = [
				[file.subarray(0, Math.floor(file.length * 0.8)), /incomplete or damaged/],
				[encrypted.subarray(0, encrypted.length - 10), /incomplete or damaged/],
				[flipped, /incomplete or damaged/],
				[tampered, /checksum/],
				[Buffer.from('hello\n'), /not an Ilmo backup/]
			];
			for (const [bad, message] of cases) {
				await expect(
					restoreBackup(target.db, input(bad), { passphrase: 'kuorma-auto-2026' })
				).rejects.toThrow(message);
				expect((await emptyTables(target.db)).sort()).toEqual((await allTables(target.db)).sort());
			}
		});
	});

	it('refuses a backup from a newer schema', async () => {
		const newer = rewrite(file, ([header, ...rest]) => {
			const parsed = JSON.parse(header!) as { schemaVersion: number };
			parsed.schemaVersion += 1;
			return [JSON.stringify(parsed), ...rest];
		});
		await withTarget(async (target) => {
			await expect(restoreBackup(target.db, input(newer))).rejects.toThrow(/newer database schema/);
		});
	});

	it('loads an older backup into the columns and tables that still exist', async () => {
		// As if `organisation.notes` had been added after the backup and a table since dropped.
		const older = rewrite(file, ([header, ...rest]) => {
			const parsed = JSON.parse(header!) as { schemaVersion: number; tables: string[] };
			parsed.schemaVersion -= 1;
			parsed.tables.push('retired_table');
			const lines = rest.map((line) => {
				if (!line.includes('"Kuljetus Oy"') && !line.startsWith('{"table":"organisation"'))
					return line;
				const value = JSON.parse(line) as Record<string, unknown>;
				if (Array.isArray(value.columns))
					value.columns = value.columns.filter((c) => c !== 'notes');
				else delete value.notes;
				return JSON.stringify(value);
			});
			return [
				JSON.stringify(parsed),
				...lines,
				JSON.stringify({ table: 'retired_table', columns: ['id'], json: [], rows: 1 }),
				'{"id":1}'
			];
		});
		await withTarget(async (target) => {
			const result = await restoreBackup(target.db, input(older));
			expect(result.ignored).toEqual(['retired_table']);
			const found = await rows(target.db, sql`SELECT name, notes FROM organisation`);
			expect(found).toEqual([{ name: 'Kuljetus Oy', notes: null }]);
		});
	});

	it('keeps the erasure journal of the database it replaces and runs the after-restore hook', async () => {
		await withTarget(async (target) => {
			// A journal row made after the backup: the source's, under a key of its own.
			const [journal] = await rows<{ j: string }>(
				source.db,
				sql`SELECT row_to_json(e.*)::text AS j FROM erasure_journal e`
			);
			const entry = { ...JSON.parse(journal!.j), id: '22222222-2222-4222-8222-222222222222' };
			await target.db.execute(
				sql`INSERT INTO erasure_journal SELECT * FROM json_populate_record(NULL::erasure_journal, ${JSON.stringify(entry)}::json)`
			);
			await makeEvent(target.db);
			await expect(
				restoreBackup(target.db, input(file), {
					force: true,
					afterRestore: async () => {
						throw new Error('hook failed');
					}
				})
			).rejects.toThrow('hook failed');
			let seen = -1;
			const result = await restoreBackup(target.db, input(file), {
				force: true,
				afterRestore: async (tx) => {
					const [found] = await rows<{ n: number }>(
						tx,
						sql`SELECT count(*)::int AS n FROM erasure_journal`
					);
					seen = found!.n;
				}
			});
			expect(seen).toBe(2);
			expect(result.kept).toEqual([{ table: 'erasure_journal', rows: 1 }]);
			const { erasure_journal: kept, ...rest } = await dumpAll(target.db);
			const { erasure_journal: backedUp, ...expected } = sourceDump;
			expect(kept).toHaveLength(backedUp!.length + 1);
			expect(kept).toEqual(expect.arrayContaining(backedUp!));
			expect(rest).toEqual(expected);
		});
	});

	it('erases again a person erased after the backup was taken', async () => {
		await withTarget(async (target) => {
			const { registration: reg } = filled;
			await target.db.insert(erasureJournal).values({
				personKeys: [reg.personId],
				registrationIds: [reg.id],
				contactIds: [filled.mergedContactId],
				organisationIds: [],
				requestIds: [],
				outboxIds: [],
				emailHmacs: [],
				phoneHmacs: [],
				suppressed: false
			});
			await restoreBackup(target.db, input(file), {
				afterRestore: async (tx) => {
					await reapplyErasureJournal(tx);
				}
			});
			const people = await rows(target.db, sql`SELECT 1 FROM person WHERE id = ${reg.personId}`);
			expect(people).toEqual([]);
			const [kept] = await target.db.select().from(registration).where(eq(registration.id, reg.id));
			expect(kept?.email).toBeNull();
			expect(kept?.firstName).not.toBe(reg.firstName);
			// Who was sent which reminder and message went with the anonymisation, restored or not.
			const mailLog = await rows(
				target.db,
				sql`SELECT 1 FROM reminder_delivery WHERE registration_id = ${reg.id}
					UNION ALL SELECT 1 FROM event_message_recipient WHERE registration_id = ${reg.id}`
			);
			expect(mailLog).toEqual([]);
			// So did its check-in history and its ticket: the restored ticket scans as unknown.
			const door = await rows(
				target.db,
				sql`SELECT 1 FROM check_in WHERE registration_id = ${reg.id}
					UNION ALL SELECT 1 FROM registration WHERE id = ${reg.id}
					AND (ticket_hash IS NOT NULL OR void_ticket_hash IS NOT NULL)`
			);
			expect(door).toEqual([]);
		});
	});
});
