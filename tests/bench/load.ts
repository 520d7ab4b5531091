/**
 * One load run with autocannon over loopback: requests/s, latency percentiles, status counts,
 * optional per-slice figures for the sustained runs, and where the CPU time went meanwhile.
 */
import autocannon from 'autocannon';
import { machineBusySeconds, quantile, treeCpuSeconds } from './support';

export interface LoadSpec {
	url: string;
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	/** A fresh body for every request (the sign-up form needs a new email each time). */
	body?: () => string;
	connections: number;
	durationS: number;
	/** Report figures per slice of this many seconds too. */
	sliceS?: number;
	/** Processes whose CPU time is reported: the server under test and the PostgreSQL postmaster. */
	serverPid?: number;
	postgresPid?: number;
}

export interface Slice {
	fromS: number;
	rps: number;
	p50: number;
	p99: number;
	/** CPU time the server process spent per response in this slice: rises if per-request work grows. */
	serverCpuMs: number;
}

export interface LoadResult {
	responses: number;
	rps: number;
	p50: number;
	p99: number;
	max: number;
	statuses: Record<string, number>;
	errors: number;
	timeouts: number;
	durationS: number;
	slices: Slice[];
	/**
	 * CPU time of the server (its mail thread included) and of any process it started, per
	 * response: less sensitive to other load than req/s, and the mail work is the app's, not
	 * another party's.
	 */
	serverCpuMs: number;
	/** Share of one core each used during the run (100 = one full core). */
	cpu: { server: number; postgres: number; loadGenerator: number; other: number };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
	const times: number[] = [];
	const at: number[] = [];
	const before = {
		server: spec.serverPid ? treeCpuSeconds(spec.serverPid) : 0,
		postgres: spec.postgresPid ? treeCpuSeconds(spec.postgresPid) : 0,
		self: process.cpuUsage(),
		machine: machineBusySeconds(),
		wall: performance.now()
	};
	let started = 0;
	const makeBody = spec.body;
	const request: autocannon.Request = {
		method: spec.method ?? 'GET',
		headers: spec.headers,
		...(makeBody
			? { setupRequest: (req: autocannon.Request) => ({ ...req, body: makeBody() }) }
			: {})
	};
	const instance = autocannon(
		{
			url: spec.url,
			connections: spec.connections,
			duration: spec.durationS,
			pipelining: 1,
			timeout: 30,
			requests: [request]
		},
		() => {}
	);
	// Server CPU time at each slice boundary, to tell work per request from waiting.
	const cpuMarks: number[] = [];
	let marker: NodeJS.Timeout | undefined;
	instance.on('start', () => {
		started = performance.now();
		if (spec.sliceS && spec.serverPid) {
			const pid = spec.serverPid;
			cpuMarks.push(treeCpuSeconds(pid));
			marker = setInterval(() => cpuMarks.push(treeCpuSeconds(pid)), spec.sliceS * 1000);
		}
	});
	instance.on('response', (_client, _status, _bytes, responseTime) => {
		times.push(responseTime);
		at.push(performance.now() - started);
	});
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		instance.on('done', resolve);
		instance.on('error', reject);
	});
	clearInterval(marker);
	// The timer may not have fired for the last slice yet: close it with a reading of its own.
	if (
		spec.serverPid &&
		spec.sliceS &&
		cpuMarks.length <= Math.floor(spec.durationS / spec.sliceS)
	) {
		cpuMarks.push(treeCpuSeconds(spec.serverPid));
	}
	const wall = (performance.now() - before.wall) / 1000;
	const self = process.cpuUsage(before.self);
	const server = spec.serverPid ? treeCpuSeconds(spec.serverPid) - before.server : 0;
	const postgres = spec.postgresPid ? treeCpuSeconds(spec.postgresPid) - before.postgres : 0;
	const loadGenerator = (self.user + self.system) / 1e6;
	const machine = machineBusySeconds() - before.machine;
	const pct = (seconds: number) => Math.round((seconds / wall) * 100);

	const statuses: Record<string, number> = {};
	for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
		statuses[code] = (stats as { count: number }).count;
	}
	const slices: Slice[] = [];
	if (spec.sliceS) {
		const sliceMs = spec.sliceS * 1000;
		const count = Math.floor((spec.durationS * 1000) / sliceMs);
		for (let i = 0; i < count; i++) {
			const inSlice = times.filter((_, k) => at[k]! >= i * sliceMs && at[k]! < (i + 1) * sliceMs);
			const cpu = (cpuMarks[i + 1] ?? NaN) - (cpuMarks[i] ?? NaN);
			slices.push({
				fromS: i * spec.sliceS,
				rps: inSlice.length / spec.sliceS,
				p50: quantile(inSlice, 0.5),
				p99: quantile(inSlice, 0.99),
				serverCpuMs: (cpu * 1000) / inSlice.length
			});
		}
	}
	return {
		responses: times.length,
		rps: times.length / result.duration,
		p50: quantile(times, 0.5),
		p99: quantile(times, 0.99),
		max: times.reduce((a, b) => Math.max(a, b), 0),
		statuses,
		errors: result.errors,
		timeouts: result.timeouts,
		durationS: result.duration,
		slices,
		serverCpuMs: (server * 1000) / Math.max(1, times.length),
		cpu: {
			server: pct(server),
			postgres: pct(postgres),
			loadGenerator: pct(loadGenerator),
			other: Math.max(0, pct(machine - server - postgres - loadGenerator))
		}
	};
}

/** Counts of the statuses a run was not meant to produce, e.g. anything but 303 for sign-ups. */
export function unexpected(result: LoadResult, expected: number[]): string | null {
	const wrong = Object.entries(result.statuses).filter(
		([code]) => !expected.includes(Number(code))
	);
	const parts = wrong.map(([code, n]) => `${n}× ${code}`);
	if (result.errors) parts.push(`${result.errors} connection errors`);
	if (result.timeouts) parts.push(`${result.timeouts} timeouts`);
	return parts.length ? parts.join(', ') : null;
}
