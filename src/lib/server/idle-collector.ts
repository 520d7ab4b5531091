import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 keeps what a busy spell left behind for as long as the process then stays quiet: after a few
 * seconds of page views `node build` held 97 MiB of old generation and its young generation at the
 * full 32 MiB, with 27 MiB of it alive, and gave none of it back in the minute after (V8 collects
 * when it allocates, and an idle server does not). One full collection once the process has gone
 * quiet returns it: the young generation shrinks to 1 MiB and the emptied pages are unmapped.
 */

export interface HeapSample {
	/** V8's heap as committed now, bytes. */
	heapBytes: number;
	/** The share of the last interval the event loop spent working, 0 to 1. */
	utilization: number;
}

export interface IdleCollectorOptions {
	/** How often the process looks; unref'd, so it keeps nothing alive. */
	intervalMs?: number;
	/** The heap must have grown this much since the last collection: idle with nothing new costs nothing. */
	growthBytes?: number;
	/** An interval with at most this share of work counts as quiet. */
	quietUtilization?: number;
}

const DEFAULTS: Required<IdleCollectorOptions> = {
	intervalMs: 5000,
	growthBytes: 16 * 1024 * 1024,
	quietUtilization: 0.05
};

/**
 * Whether to collect now: the process was quiet for a whole interval and its heap grew since the
 * last collection (from nothing at the start, so that the start-up's garbage goes too). A loaded
 * server is never interrupted: V8 collects there on its own.
 */
export function shouldCollect(
	sample: HeapSample,
	heapAfterLastCollection: number,
	options: IdleCollectorOptions = {}
): boolean {
	const { growthBytes, quietUtilization } = { ...DEFAULTS, ...options };
	return (
		sample.utilization <= quietUtilization &&
		sample.heapBytes >= heapAfterLastCollection + growthBytes
	);
}

/**
 * V8's full collection, as `--expose-gc` gives it: the flag is set only for the moment a new
 * context is made, so no module sees a global `gc`. A collection run this way also shrinks the
 * young generation, which none of V8's own idle work does.
 */
export function fullCollection(): () => void {
	const exposed = (globalThis as { gc?: () => void }).gc;
	if (typeof exposed === 'function') return exposed;
	v8.setFlagsFromString('--expose-gc');
	try {
		return runInNewContext('gc') as () => void;
	} finally {
		v8.setFlagsFromString('--no-expose-gc');
	}
}

function sampleHeap() {
	let previous = performance.eventLoopUtilization();
	return (): HeapSample => {
		const now = performance.eventLoopUtilization();
		const { utilization } = performance.eventLoopUtilization(now, previous);
		previous = now;
		return { heapBytes: v8.getHeapStatistics().total_heap_size, utilization };
	};
}

export interface IdleCollector {
	/** One look: collects when shouldCollect says so. Returns whether it collected. */
	tick(): boolean;
	stop(): void;
}

/** The decision and its effect, with the readings passed in: what the tests drive. */
export function createIdleCollector(
	read: () => HeapSample,
	collect: () => void,
	options: IdleCollectorOptions = {}
): Omit<IdleCollector, 'stop'> {
	let heapAfterLastCollection = 0;
	return {
		tick() {
			if (!shouldCollect(read(), heapAfterLastCollection, options)) return false;
			collect();
			heapAfterLastCollection = read().heapBytes;
			return true;
		}
	};
}

type Holder = { ilmoIdleCollector?: IdleCollector };
const holder = globalThis as unknown as Holder;

/** Starts the one collector of this process (the server's main thread and its mail thread each run one). */
export function startIdleCollector(options: IdleCollectorOptions = {}): IdleCollector {
	if (holder.ilmoIdleCollector) return holder.ilmoIdleCollector;
	const collector = createIdleCollector(sampleHeap(), fullCollection(), options);
	const timer = setInterval(() => collector.tick(), options.intervalMs ?? DEFAULTS.intervalMs);
	timer.unref();
	holder.ilmoIdleCollector = {
		tick: collector.tick,
		stop() {
			clearInterval(timer);
			holder.ilmoIdleCollector = undefined;
		}
	};
	return holder.ilmoIdleCollector;
}
