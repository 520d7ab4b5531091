import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DirectoryLockedError } from './lock';

describe('acquireDirectoryLock', () => {
	const children: ChildProcess[] = [];
	afterEach(() => {
		for (const child of children.splice(0)) child.kill();
	});
	const lockFile = () =>
		path.join(mkdtempSync(path.join(os.tmpdir(), 'ilmo-lock-')), 'pglite.lock');

	it('writes our pid and removes the file on release', () => {
		const file = lockFile();
		const lock = acquireDirectoryLock(file);
		expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
		lock.release();
		expect(existsSync(file)).toBe(false);
	});

	it('refuses while another live process holds the lock', () => {
		const file = lockFile();
		const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
		children.push(holder);
		writeFileSync(file, String(holder.pid));
		expect(() => acquireDirectoryLock(file)).toThrow(DirectoryLockedError);
		expect(readFileSync(file, 'utf8')).toBe(String(holder.pid));
	});

	it('takes over a lock left by a process that has exited', async () => {
		const file = lockFile();
		const gone = spawn(process.execPath, ['-e', '0']);
		await new Promise((resolve) => gone.on('exit', resolve));
		writeFileSync(file, String(gone.pid));
		const lock = acquireDirectoryLock(file);
		expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
		lock.release();
	});
});
