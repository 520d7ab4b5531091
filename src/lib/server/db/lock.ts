import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

export class DirectoryLockedError extends Error {
	constructor(
		readonly lockFile: string,
		readonly holderPid: number
	) {
		super(
			`The embedded database is in use by another process (pid ${holderPid}, lock ${lockFile}). ` +
				'Stop the app first, or set DATABASE_URL to use a PostgreSQL server.'
		);
	}
}

export interface DirectoryLock {
	release(): void;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * PGlite is one process per directory: a second process would corrupt it. The lock file holds the
 * owner's pid; a lock left by a process that no longer runs is taken over.
 */
export function acquireDirectoryLock(lockFile: string): DirectoryLock {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			const fd = openSync(lockFile, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				process.off('exit', release);
				try {
					if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
				} catch {
					// Already gone: nothing to release.
				}
			};
			process.on('exit', release);
			return { release };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
			if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
				throw new DirectoryLockedError(lockFile, holder);
			}
			// Stale (or our own from a previous open in this process): remove and try again.
			try {
				unlinkSync(lockFile);
			} catch {
				// Someone else removed it first.
			}
		}
	}
	throw new Error(`Could not take the lock ${lockFile}`);
}
