/**
 * The processes an app instance runs, read from Linux's /proc: on PostgreSQL `node build` sends its
 * mail from a child process of its own (src/lib/server/mail/supervisor.ts).
 */
import { readFileSync } from 'node:fs';
import type { AppInstance } from './app';
import { eventually } from './database';

function read(file: string): string | null {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return null;
	}
}

/** Whether a process runs: one that has exited is not, even before its parent has reaped it. */
export function isAlive(pid: number): boolean {
	const stat = read(`/proc/${pid}/stat`);
	if (stat === null) return false;
	// The state follows the command name, which is in parentheses and may hold any character.
	const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	return state !== 'Z' && state !== 'X';
}

function childrenOf(pid: number): number[] {
	const list = read(`/proc/${pid}/task/${pid}/children`) ?? '';
	return list.split(' ').filter(Boolean).map(Number);
}

/** The instance's running mail process, waited for while it starts (or restarts). */
export async function mailProcessOf(app: AppInstance, timeoutMs = 15_000): Promise<number> {
	let found: number | undefined;
	await eventually(
		async () => {
			found = childrenOf(app.child.pid!).find(
				(pid) =>
					isAlive(pid) &&
					(read(`/proc/${pid}/environ`) ?? '').split('\0').includes('ILMO_MAIL_PROCESS=1')
			);
			return found !== undefined;
		},
		timeoutMs,
		`a mail process beside ${app.name}`,
		50
	);
	return found!;
}
