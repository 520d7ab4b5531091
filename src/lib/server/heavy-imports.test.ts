import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/** Packages whose code or native libraries cost MBs once loaded (sharp: libvips). */
const HEAVY = ['sharp', 'exceljs', 'sanitize-html', 'qrcode'];

function loadedPackages(): string[] {
	const cache = createRequire(import.meta.url).cache;
	return HEAVY.filter((name) =>
		Object.keys(cache).some((file) => file.includes(`/node_modules/${name}/`))
	);
}

// Each test file runs in a process of its own, so nothing else has loaded them here.
describe('the server at start', () => {
	it('loads sharp, exceljs, sanitize-html and qrcode only when an image, logo, workbook or code is made', async () => {
		await import('../../hooks.server');
		expect(loadedPackages()).toEqual([]);

		const { loadSharp } = await import('./sharp');
		await loadSharp();
		expect(loadedPackages()).toEqual(['sharp']);
	}, 120_000);
});
