import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { resolveSecretKey } from '../src/lib/server/auth/secret-key';
import { createSession, generateSessionToken } from '../src/lib/server/auth/session';
import { signIn } from '../src/lib/server/auth/sign-in';
import * as totp from '../src/lib/server/auth/totp';
import { openDatabase } from '../src/lib/server/db';
import { auditEvent, staffSession, staffUser } from '../src/lib/server/db/schema';
import { ilmoCli } from './ilmo-compiled';

const root = path.resolve(import.meta.dirname, '..');

function ilmo(args: string[], env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [ilmoCli(), ...args], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: '', ...env }
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
}

// Every test here starts whole CLI processes that open (and migrate) a database: seconds each on an
// idle machine, several times that while other suites share its two cores.
vi.setConfig({ testTimeout: 120_000 });

describe('the ilmo CLI', () => {
	it('lists its commands with --help and exits 0, run the way `npm run ilmo` runs it', () => {
		// Through tsx once, as people run it; every other test runs the compiled file (faster).
		const tsx = path.join(root, 'node_modules/.bin/tsx');
		const result = spawnSync(tsx, ['scripts/ilmo.ts', '--help'], { cwd: root, encoding: 'utf8' });
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('demo:seed');
		expect(result.stdout).toContain('jobs:run');
	});

	it('exits 2 on usage errors', () => {
		expect(ilmo([]).code).toBe(2);
		const unknown = ilmo(['no-such-command']);
		expect(unknown.code).toBe(2);
		expect(unknown.err).toContain('Unknown command');
		expect(ilmo(['demo:seed', '--extra']).code).toBe(2);
	});

	it(
		'seeds the embedded database once, then runs every scheduled job on it',
		{ timeout: 120_000 },
		() => {
			const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
			const first = ilmo(['demo:seed'], { ILMO_DATA_DIR: dataDir });
			expect(first.code).toBe(0);
			expect(first.out).toContain('Seeded 3 demo events');
			const second = ilmo(['demo:seed'], { ILMO_DATA_DIR: dataDir });
			expect(second.code).toBe(0);
			expect(second.out).toContain('nothing changed');
			// Every scheduled job once, each saying what it did.
			const jobs = ilmo(['jobs:run'], { ILMO_DATA_DIR: dataDir });
			expect(jobs.code).toBe(0);
			expect(jobs.out).toMatch(/retention\s+registrationsAnonymised 0/);
			expect(jobs.out).toMatch(/reminders\s+queued \d+/);
			expect(ilmo(['jobs:run', '--now']).code).toBe(2);
		}
	);

	it('refuses (exit 1) while another process holds the embedded database', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
		try {
			writeFileSync(path.join(dataDir, 'pglite.lock'), String(holder.pid));
			const result = ilmo(['demo:seed'], { ILMO_DATA_DIR: dataDir });
			expect(result.code).toBe(1);
			expect(result.err).toContain('in use by another process');
		} finally {
			holder.kill();
		}
	});
});

describe('ilmo staff:create', () => {
	const create = (args: string[], input: string, dataDir: string) => {
		const result = spawnSync(process.execPath, [ilmoCli(), 'staff:create', ...args], {
			cwd: root,
			encoding: 'utf8',
			input,
			env: { ...process.env, DATABASE_URL: '', ILMO_DATA_DIR: dataDir }
		});
		return { code: result.status, out: result.stdout, err: result.stderr };
	};

	it('creates a named account with the password from stdin, once', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const args = ['--email', 'Anna@Wetteri.fi', '--name', 'Anna Admin', '--role', 'admin'];
		const first = create(args, 'korjaamo-vuoro-2026\n', dataDir);
		expect(first.code).toBe(0);
		expect(first.out).toContain('Created admin anna@wetteri.fi');
		const again = create(args, 'korjaamo-vuoro-2026\n', dataDir);
		expect(again.code).toBe(1);
		expect(again.err).toContain('already exists');
	});

	it('refuses a weak password (1) and bad flags (2)', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const weak = create(
			['--email', 'b@wetteri.fi', '--name', 'B', '--role', 'staff'],
			'short\n',
			dataDir
		);
		expect(weak.code).toBe(1);
		expect(weak.err).toContain('at least 12 characters');
		expect(
			create(['--email', 'b@wetteri.fi', '--name', 'B', '--role', 'boss'], '', dataDir).code
		).toBe(2);
		expect(create(['--email', 'b@wetteri.fi'], '', dataDir).code).toBe(2);
	});
});

describe('ilmo staff:reset-totp', () => {
	const run = (args: string[], dataDir: string, input = '') => {
		const result = spawnSync(process.execPath, [ilmoCli(), ...args], {
			cwd: root,
			encoding: 'utf8',
			input,
			env: { ...process.env, DATABASE_URL: '', ILMO_DATA_DIR: dataDir, ILMO_SECRET_KEY: '' }
		});
		return { code: result.status, out: result.stdout, err: result.stderr };
	};

	it('lets a locked-out admin back in with the password alone, audited, and refuses an unknown email', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const email = 'lukittu@wetteri.fi';
		const made = run(
			['staff:create', '--email', email, '--name', 'Lukittu Admin', '--role', 'admin'],
			dataDir,
			'korjaamo-vuoro-2026\n'
		);
		expect(made.code).toBe(0);

		// Give the account a second factor and two sessions, as the app would, then let the CLI in.
		let database = await openDatabase({ dataDir });
		const [user] = await database.db.select().from(staffUser).where(eq(staffUser.email, email));
		const key = totp.generateKey();
		const secretKey = resolveSecretKey({ secretKey: undefined, production: false, dataDir });
		const enabled = await totp.enable(database.db, {
			userId: user!.id,
			key: totp.encodeKey(key),
			code: generateTOTP(key, 30, 6),
			actor: { kind: 'staff', id: user!.id },
			secretKey
		});
		expect(enabled.ok).toBe(true);
		await createSession(database.db, generateSessionToken(), user!.id, true);
		await database.close();

		const unknown = run(['staff:reset-totp', '--email', 'ei.ole@wetteri.fi'], dataDir);
		expect(unknown.code).toBe(1);
		expect(unknown.err).toContain('No staff account has the email ei.ole@wetteri.fi');
		expect(run(['staff:reset-totp'], dataDir).code).toBe(2);

		const reset = run(['staff:reset-totp', '--email', ' Lukittu@Wetteri.fi '], dataDir);
		expect(reset.err).toBe('');
		expect(reset.code).toBe(0);
		expect(reset.out).toContain('Turned off the second factor of lukittu@wetteri.fi');

		database = await openDatabase({ dataDir });
		try {
			const [after] = await database.db.select().from(staffUser).where(eq(staffUser.id, user!.id));
			expect(after?.totpKey).toBeNull();
			expect(await totp.unusedRecoveryCodes(database.db, user!.id)).toBe(0);
			expect(
				await database.db.select().from(staffSession).where(eq(staffSession.userId, user!.id))
			).toHaveLength(0);
			const [entry] = await database.db
				.select()
				.from(auditEvent)
				.where(eq(auditEvent.action, 'staff_user.totp_disabled'));
			expect(entry).toMatchObject({ actorKind: 'cli', subjectId: user!.id });
			// Signing in now needs the password only.
			const signedIn = await signIn(database.db, {
				email,
				password: 'korjaamo-vuoro-2026',
				address: '192.0.2.1',
				secret: 'test-rate-key'
			});
			expect(signedIn).toMatchObject({ ok: true, needsSecondFactor: false });
		} finally {
			await database.close();
		}
		const again = run(['staff:reset-totp', '--email', email], dataDir);
		expect(again.code).toBe(0);
		expect(again.out).toContain('had no second factor');
	}, 120_000);

	it('encrypts TOTP keys stored in plain text when it opens the database, and refuses another secret', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const email = 'vanha@wetteri.fi';
		run(
			['staff:create', '--email', email, '--name', 'Vanha Avain', '--role', 'staff'],
			dataDir,
			'korjaamo-vuoro-2026\n'
		);
		let database = await openDatabase({ dataDir });
		const key = totp.encodeKey(totp.generateKey());
		// As a row from before encryption: the base32 key itself.
		await database.db.update(staffUser).set({ totpKey: key }).where(eq(staffUser.email, email));
		await database.close();

		expect(run(['demo:seed'], dataDir).code).toBe(0);
		database = await openDatabase({ dataDir });
		const [row] = await database.db.select().from(staffUser).where(eq(staffUser.email, email));
		await database.close();
		expect(row?.totpKey).toMatch(/^v1:/);
		expect(row?.totpKey).not.toContain(key);
		expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

		const other = spawnSync(process.execPath, [ilmoCli(), 'demo:seed'], {
			cwd: root,
			encoding: 'utf8',
			env: {
				...process.env,
				DATABASE_URL: '',
				ILMO_DATA_DIR: dataDir,
				ILMO_SECRET_KEY: 'another-secret-key-0123456789-abcdef'
			}
		});
		expect(other.status).toBe(1);
		expect(other.stderr).toContain('different ILMO_SECRET_KEY');
	}, 120_000);
});
