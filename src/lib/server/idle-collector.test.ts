import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import {
	createIdleCollector,
	fullCollection,
	shouldCollect,
	type HeapSample
} from './idle-collector';

const MiB = 1024 * 1024;

describe('shouldCollect', () => {
	it('collects when a quiet process holds a heap grown since the last collection', () => {
		expect(shouldCollect({ heapBytes: 120 * MiB, utilization: 0.01 }, 40 * MiB)).toBe(true);
	});

	it('leaves a working process to V8, however large its heap', () => {
		expect(shouldCollect({ heapBytes: 400 * MiB, utilization: 0.6 }, 40 * MiB)).toBe(false);
	});

	it('does not collect again while nothing new was allocated', () => {
		expect(shouldCollect({ heapBytes: 45 * MiB, utilization: 0 }, 40 * MiB)).toBe(false);
	});
});

describe('createIdleCollector', () => {
	it('collects once after the start, once after each busy spell, and never during one', () => {
		let sample: HeapSample = { heapBytes: 60 * MiB, utilization: 0.02 };
		let collections = 0;
		const collector = createIdleCollector(
			() => sample,
			() => {
				collections++;
				sample = { heapBytes: 20 * MiB, utilization: sample.utilization };
			}
		);
		const ticks = (samples: HeapSample[]) =>
			samples.map((next) => {
				sample = next;
				return collector.tick();
			});

		// The start-up's garbage, then nothing new.
		expect(collector.tick()).toBe(true);
		expect(ticks([{ heapBytes: 22 * MiB, utilization: 0 }])).toEqual([false]);
		// Under load the heap grows; the first quiet look after it collects.
		expect(
			ticks([
				{ heapBytes: 90 * MiB, utilization: 0.7 },
				{ heapBytes: 150 * MiB, utilization: 0.9 },
				{ heapBytes: 150 * MiB, utilization: 0.01 },
				{ heapBytes: 21 * MiB, utilization: 0 }
			])
		).toEqual([false, false, true, false]);
		expect(collections).toBe(2);
	});
});

describe('fullCollection', () => {
	it('gives back the heap that garbage grew, which V8 keeps while a process is idle', () => {
		let keep: unknown[] = [];
		for (let i = 0; i < 400_000; i++) {
			keep.push({ i, text: `garbage ${i}` });
			if (keep.length > 100_000) keep = [];
		}
		keep = [];
		const before = v8.getHeapStatistics().total_heap_size;
		fullCollection()();
		const after = v8.getHeapStatistics().total_heap_size;
		expect(before - after).toBeGreaterThan(8 * MiB);
		expect(keep).toEqual([]);
	});
});
