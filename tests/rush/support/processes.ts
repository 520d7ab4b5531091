/**
 * The threads an app instance runs, read from Linux's /proc: on PostgreSQL `node build` sends its
 * mail from a worker thread of its own (src/lib/server/mail/supervisor.ts), which says its system
 * thread id in a log line when it starts.
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

/** The fields of /proc/<pid>/task/<tid>/stat after the command name (which may hold any character). */
function statOf(pid: number, tid: number): string[] | null {
	const stat = read(`/proc/${pid}/task/${tid}/stat`);
	if (stat === null) return null;
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Whether a thread of the process runs. */
export function isThreadAlive(pid: number, tid: number): boolean {
	const state = statOf(pid, tid)?.[0];
	return state !== undefined && state !== 'Z' && state !== 'X';
}

/** CPU time the thread has used so far (user + system), in clock ticks. */
export function cpuTicksOf(pid: number, tid: number): number {
	const fields = statOf(pid, tid);
	if (!fields) throw new Error(`no thread ${tid} in process ${pid}`);
	// utime and stime are fields 14 and 15 of stat; the state (field 3) is fields[0] here.
	return Number(fields[11]) + Number(fields[12]);
}

const STARTED = /\[mail\] the mail worker runs in thread (\d+)/g;

/** The instance's running mail thread (its system thread id), waited for while it starts. */
export async function mailThreadOf(app: AppInstance, timeoutMs = 15_000): Promise<number> {
	let found: number | undefined;
	await eventually(
		async () => {
			const started = [...app.output().matchAll(STARTED)].map((match) => Number(match[1]));
			found = started.at(-1);
			return found !== undefined && isThreadAlive(app.child.pid!, found);
		},
		timeoutMs,
		`a mail thread in ${app.name}`,
		50
	);
	// Not the main thread, whose id is the process's.
	if (found === app.child.pid) throw new Error(`${app.name} sends mail from its main thread`);
	return found!;
}
