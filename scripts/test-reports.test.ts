import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPlaywright } from './test-reports';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ilmo-test-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report shaped as Playwright's JSON reporter writes it: a suite per file, one per describe. */
function report(statuses: Record<string, 'expected' | 'unexpected' | 'flaky' | 'skipped'>) {
	const specs = Object.entries(statuses).map(([title, status], i) => ({
		title,
		file: 'public/signup.spec.ts',
		line: 10 + i,
		tests: [{ projectName: 'chromium', status }]
	}));
	const count = (status: string) => Object.values(statuses).filter((s) => s === status).length;
	const file = path.join(dir, `${Object.keys(statuses).join('-')}.json`);
	writeFileSync(
		file,
		JSON.stringify({
			stats: {
				expected: count('expected'),
				unexpected: count('unexpected'),
				flaky: count('flaky'),
				skipped: count('skipped')
			},
			suites: [
				{
					title: 'public/signup.spec.ts',
					file: 'public/signup.spec.ts',
					suites: [{ title: 'with JavaScript off', file: 'public/signup.spec.ts', specs }]
				}
			]
		})
	);
	return file;
}

describe('readPlaywright', () => {
	it('counts a test that passed only on its retry as failed, and names it', () => {
		const totals = readPlaywright(
			report({ steady: 'expected', wobbly: 'flaky', broken: 'unexpected' })
		);
		expect(totals).toMatchObject({ passed: 1, failed: 2, skipped: 0 });
		expect(totals!.flaky).toEqual([
			'public/signup.spec.ts:11 › with JavaScript off › wobbly [chromium]'
		]);
	});

	it('names nothing when no test flaked', () => {
		const totals = readPlaywright(report({ one: 'expected', two: 'skipped' }));
		expect(totals).toEqual({ passed: 1, failed: 0, skipped: 1, flaky: [] });
	});
});
