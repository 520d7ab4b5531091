import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function ilmo(args: string[], env: Record<string, string> = {}) {
	const result = spawnSync(tsx, ['scripts/ilmo.ts', ...args], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: '', ...env }
	});
	return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the ilmo CLI', () => {
	it('lists its commands with --help and exits 0', () => {
		const result = ilmo(['--help']);
		expect(result.code).toBe(0);
		expect(result.out).toContain('demo:seed');
	});

	it('exits 2 on usage errors', () => {
		expect(ilmo([]).code).toBe(2);
		const unknown = ilmo(['no-such-command']);
		expect(unknown.code).toBe(2);
		expect(unknown.err).toContain('Unknown command');
		expect(ilmo(['demo:seed', '--extra']).code).toBe(2);
	});

	it('seeds the embedded database once', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-cli-'));
		const first = ilmo(['demo:seed'], { ILMO_DATA_DIR: dataDir });
		expect(first.code).toBe(0);
		expect(first.out).toContain('Seeded 3 demo events');
		const second = ilmo(['demo:seed'], { ILMO_DATA_DIR: dataDir });
		expect(second.code).toBe(0);
		expect(second.out).toContain('nothing changed');
	});

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
		const result = spawnSync(tsx, ['scripts/ilmo.ts', 'staff:create', ...args], {
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
