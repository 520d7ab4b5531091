import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTOTP } from '@oslojs/otp';
import { beforeAll, describe, expect, it } from 'vitest';
import * as totp from '../auth/totp';
import * as users from '../auth/users';
import { openDatabase } from '../db';
import { ilmoCli } from '../../../../scripts/ilmo-compiled';

const root = path.resolve(import.meta.dirname, '../../../..');

const SECRET_KEY = 'cli-test-secret-key-0123456789-abcdefgh';

function ilmo(args: string[], dataDir: string, input = '', env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [ilmoCli(), ...args], {
		cwd: root,
		encoding: 'utf8',
		input,
		env: {
			...process.env,
			DATABASE_URL: '',
			ILMO_BACKUP_PASSPHRASE: '',
			ILMO_DATA_DIR: dataDir,
			// One secret for source and target, as one installation has (else each data folder makes
			// its own key file, and the restore is refused: see the test below).
			ILMO_SECRET_KEY: SECRET_KEY,
			...env
		}
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('ilmo backup and restore', () => {
	// One seeded source for every test (seeding is the slow part; a backup only reads it).
	let from: string;
	beforeAll(async () => {
		from = path.join(mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-source-')), 'from');
		expect(ilmo(['demo:seed'], from).code).toBe(0);
		// A staff member with a second factor: a key encrypted under SECRET_KEY is in every backup.
		const database = await openDatabase({ dataDir: from });
		try {
			const created = await users.create(
				database.db,
				{
					email: 'tove@wetteri.fi',
					displayName: 'Tove',
					role: 'staff',
					password: 'kaksi-vaihetta-2026'
				},
				{ kind: 'cli' }
			);
			if (!created.ok) throw new Error(created.reason);
			const key = totp.generateKey();
			const enabled = await totp.enable(database.db, {
				userId: created.user.id,
				key: totp.encodeKey(key),
				code: generateTOTP(key, 30, 6),
				actor: { kind: 'cli' },
				secretKey: SECRET_KEY
			});
			if (!enabled.ok) throw new Error(enabled.reason);
		} finally {
			await database.close();
		}
	}, 120_000);

	it('backs up the embedded database and restores it elsewhere, once unless forced', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-backup-'));
		const [to, file] = ['to', 'ilmo.backup'].map((name) => path.join(dir, name));

		const backup = ilmo(['backup', '--out', file!], from);
		expect(backup.err).toBe('');
		expect(backup.code).toBe(0);
		expect(backup.out).toMatch(/registration\s+19\n/);
		expect(backup.out).toMatch(/Wrote .*ilmo\.backup: \d+ tables, \d+ rows/);
		expect(statSync(file!).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir).sort()).toEqual(['ilmo.backup']);

		const restored = ilmo(['restore', file!], to!);
		expect(restored.code).toBe(0);
		expect(restored.out).toMatch(/registration\s+19\n/);
		const again = ilmo(['restore', file!], to!);
		expect(again.code).toBe(1);
		expect(again.err).toContain('not empty');
		expect(ilmo(['restore', file!, '--force'], to!).code).toBe(0);
	}, 120_000);

	it('refuses a restore under another ILMO_SECRET_KEY, changing nothing', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-backup-'));
		const [to, file] = ['to', 'ilmo.backup'].map((name) => path.join(dir, name));
		expect(ilmo(['backup', '--out', file!], from).code).toBe(0);
		const other = { ILMO_SECRET_KEY: 'some-other-secret-key-0123456789-abcd' };
		// A database that has only been opened (it stored its key check) still counts as empty.
		expect(ilmo(['staff:reset-totp', '--email', 'ei.ole@wetteri.fi'], to!).code).toBe(1);
		const refused = ilmo(['restore', file!], to!, '', other);
		expect(refused.code).toBe(1);
		expect(refused.err).toContain('different ILMO_SECRET_KEY');
		// Nothing was restored, so the right key still finds an empty database.
		const right = ilmo(['restore', file!], to!);
		expect(right.code).toBe(0);
		expect(right.out).toMatch(/registration\s+19\n/);
		// And a server started there under the other key would be refused too.
		const start = ilmo(['demo:seed'], to!, '', other);
		expect(start.code).toBe(1);
		expect(start.err).toContain('different ILMO_SECRET_KEY');
	}, 120_000);

	it('encrypts with a passphrase from stdin or the environment', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-backup-'));
		const [to, file] = ['to', 'secret.backup'].map((name) => path.join(dir, name));
		const short = ilmo(['backup', '--out', file!, '--encrypt'], from, 'short\n');
		expect(short.code).toBe(1);
		expect(existsSync(file!)).toBe(false);
		expect(ilmo(['backup', '--out', file!, '--encrypt'], from, 'kuorma-auto-2026\n').code).toBe(0);

		const wrong = ilmo(['restore', file!], to!, 'not-the-passphrase\n');
		expect(wrong.code).toBe(1);
		expect(wrong.err).toContain('wrong passphrase');
		const right = ilmo(['restore', file!], to!, '', { ILMO_BACKUP_PASSPHRASE: 'kuorma-auto-2026' });
		expect(right.code).toBe(0);
		expect(right.out).toMatch(/registration\s+19\n/);
	}, 120_000);

	it('exits 2 on usage errors and 1 on refusals', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-backup-'));
		expect(ilmo(['backup'], dir).code).toBe(2);
		expect(ilmo(['backup', '--out'], dir).code).toBe(2);
		expect(ilmo(['backup', '--out', 'x', '--zip'], dir).code).toBe(2);
		expect(ilmo(['restore'], dir).code).toBe(2);
		expect(ilmo(['restore', 'a', 'b'], dir).code).toBe(2);
		expect(ilmo(['restore', path.join(dir, 'missing.backup')], dir).code).toBe(1);
		writeFileSync(path.join(dir, 'junk.backup'), 'not a backup\n');
		const junk = ilmo(['restore', path.join(dir, 'junk.backup')], dir);
		expect(junk.code).toBe(1);
		expect(junk.err).toContain('not an Ilmo backup');
		expect(ilmo(['--help'], dir).out).toContain('restore FILE [--force]');

		const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
		try {
			writeFileSync(path.join(dir, 'pglite.lock'), String(holder.pid));
			const locked = ilmo(['backup', '--out', path.join(dir, 'b.backup')], dir);
			expect(locked.code).toBe(1);
			expect(locked.err).toContain('in use by another process');
		} finally {
			holder.kill();
		}
	}, 120_000);
});
