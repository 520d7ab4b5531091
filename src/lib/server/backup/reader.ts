import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { decryptStream, ENCRYPTED_HEADER_LENGTH, isEncrypted, MAGIC } from './crypto';
import {
	BackupRefusedError,
	damaged,
	FORMAT,
	FORMAT_VERSION,
	parseControl,
	splitLines,
	type BackupHeader,
	type BackupTrailer,
	type SectionHeader,
	type TableCount
} from './format';

export type BackupInput = Readable | string;

export interface OpenedBackup {
	header: BackupHeader;
	/**
	 * Hands the row lines to `load` in batches, table by table, and resolves only once the trailer's
	 * counts and checksum (and, when encrypted, the GCM tag) have been verified. The caller loads
	 * inside a transaction and commits only after this resolves.
	 */
	read(load: (section: SectionHeader, batch: Buffer[]) => Promise<void>): Promise<TableCount[]>;
	close(): void;
}

const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;
const GZIP = Buffer.from([0x1f, 0x8b]);

/** Whether a backup file needs a passphrase, so the CLI asks for one only then. */
export async function isEncryptedFile(file: string): Promise<boolean> {
	const handle = await open(file, 'r');
	try {
		const head = Buffer.alloc(MAGIC.length);
		const { bytesRead } = await handle.read(head, 0, head.length, 0);
		return isEncrypted(head.subarray(0, bytesRead));
	} finally {
		await handle.close();
	}
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
	if (head.length > 0) yield head;
	for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** Opens a backup and reads its header; refuses a wrong passphrase before reading any further. */
export async function openBackup(input: BackupInput, passphrase?: string): Promise<OpenedBackup> {
	const source = typeof input === 'string' ? createReadStream(input) : input;
	const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
	let head = Buffer.alloc(0);
	try {
		while (head.length < ENCRYPTED_HEADER_LENGTH) {
			const next = await iterator.next();
			if (next.done) break;
			head = Buffer.concat([head, next.value]);
		}
		let decrypt;
		if (isEncrypted(head)) {
			if (!passphrase)
				throw new BackupRefusedError('The backup is encrypted: a passphrase is needed.');
			decrypt = await decryptStream(head, passphrase);
			head = head.subarray(ENCRYPTED_HEADER_LENGTH);
		} else if (!head.subarray(0, 2).equals(GZIP)) {
			throw new BackupRefusedError('This is not an Ilmo backup file.');
		}
		const gunzip = createGunzip();
		const body = Readable.from(prepend(head, iterator));
		// Any stage failing destroys the last one with the error, which ends the line loop below.
		if (decrypt) pipeline(body, decrypt, gunzip, () => {});
		else pipeline(body, gunzip, () => {});
		const lines = splitLines(gunzip)[Symbol.asyncIterator]();
		const headerLine = await nextLine(lines);
		const header = checkHeader(headerLine);
		return {
			header,
			read: (load) => readBody(lines, header, headerLine!, load),
			close: () => {
				gunzip.destroy();
				source.destroy();
			}
		};
	} catch (error) {
		source.destroy();
		throw error;
	}
}

async function nextLine(lines: AsyncIterator<Buffer>): Promise<Buffer | undefined> {
	try {
		const next = await lines.next();
		return next.done ? undefined : next.value;
	} catch (error) {
		if (error instanceof BackupRefusedError) throw error;
		// zlib and stream errors: the bytes are not what the writer wrote.
		throw new BackupRefusedError(damaged((error as Error).message));
	}
}

function checkHeader(line: Buffer | undefined): BackupHeader {
	const header = parseControl<Partial<BackupHeader>>(line, 'header');
	if (header.format !== FORMAT) throw new BackupRefusedError('This is not an Ilmo backup file.');
	if (typeof header.formatVersion !== 'number' || header.formatVersion > FORMAT_VERSION) {
		throw new BackupRefusedError(
			`The backup has format version ${header.formatVersion}, newer than this Ilmo reads ` +
				`(${FORMAT_VERSION}): restore it with the Ilmo version that made it, or a newer one.`
		);
	}
	if (
		typeof header.schemaVersion !== 'number' ||
		typeof header.createdAt !== 'string' ||
		!Array.isArray(header.tables) ||
		!header.tables.every((t) => typeof t === 'string')
	) {
		throw new BackupRefusedError(damaged('the header is incomplete'));
	}
	return header as BackupHeader;
}

function checkSection(line: Buffer | undefined, expected: string): SectionHeader {
	const section = parseControl<Partial<SectionHeader>>(line, `section of table ${expected}`);
	if (
		section.table !== expected ||
		!Array.isArray(section.columns) ||
		!section.columns.every((c) => typeof c === 'string') ||
		!Array.isArray(section.json) ||
		!section.json.every((c) => section.columns!.includes(c as string)) ||
		!Number.isSafeInteger(section.rows) ||
		section.rows! < 0
	) {
		throw new BackupRefusedError(damaged(`the section of table ${expected} is not valid`));
	}
	return section as SectionHeader;
}

async function readBody(
	lines: AsyncIterator<Buffer>,
	header: BackupHeader,
	headerLine: Buffer,
	load: (section: SectionHeader, batch: Buffer[]) => Promise<void>
): Promise<TableCount[]> {
	const hash = createHash('sha256');
	const take = async (what: string) => {
		const line = await nextLine(lines);
		if (line === undefined) throw new BackupRefusedError(damaged(`it ends before ${what}`));
		hash.update(line).update('\n');
		return line;
	};
	// The header was read before the hash existed; it is part of the checksummed body.
	hash.update(headerLine).update('\n');
	const counts: TableCount[] = [];
	for (const name of header.tables) {
		const section = checkSection(await take(`the table ${name}`), name);
		let batch: Buffer[] = [];
		let bytes = 0;
		for (let i = 0; i < section.rows; i++) {
			const row = await take(`the last row of ${name}`);
			batch.push(row);
			bytes += row.length;
			if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
				await load(section, batch);
				batch = [];
				bytes = 0;
			}
		}
		if (batch.length > 0) await load(section, batch);
		counts.push({ table: name, rows: section.rows });
	}
	const trailer = parseControl<Partial<BackupTrailer>>(await nextLine(lines), 'trailer');
	const expected = Object.fromEntries(counts.map((c) => [c.table, c.rows]));
	if (
		trailer.end !== FORMAT ||
		JSON.stringify(trailer.rows) !== JSON.stringify(expected) ||
		trailer.sha256 !== hash.digest('hex')
	) {
		throw new BackupRefusedError(damaged('its checksum or row counts do not match'));
	}
	// Reading to the end also lets gunzip and GCM verify their own checks.
	if ((await nextLine(lines)) !== undefined) {
		throw new BackupRefusedError(damaged('there is data after its end'));
	}
	return counts;
}
