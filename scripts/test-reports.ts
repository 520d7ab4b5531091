/**
 * The runners' JSON reports, read into the totals of `npm test`'s last line (scripts/test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Totals {
	passed: number;
	failed: number;
	skipped: number;
}

export function readVitest(file: string): Totals | undefined {
	if (!existsSync(file)) return undefined;
	const report = JSON.parse(readFileSync(file, 'utf8'));
	return {
		passed: report.numPassedTests ?? 0,
		failed: report.numFailedTests ?? 0,
		skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
	};
}

interface PlaywrightSuite {
	title: string;
	file?: string;
	suites?: PlaywrightSuite[];
	specs?: { title: string; file: string; line: number; tests: PlaywrightTest[] }[];
}
interface PlaywrightTest {
	projectName: string;
	status: 'expected' | 'unexpected' | 'flaky' | 'skipped';
}

/** "file:line › describe › title [project]" of every test that failed first and passed on retry. */
export function flakyTests(suites: PlaywrightSuite[], titles: string[] = []): string[] {
	return suites.flatMap((suite) => {
		const path = suite.file === suite.title ? titles : [...titles, suite.title];
		return [
			...(suite.specs ?? []).flatMap((spec) =>
				spec.tests
					.filter((test) => test.status === 'flaky')
					.map(
						(test) =>
							`${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')} [${test.projectName}]`
					)
			),
			...flakyTests(suite.suites ?? [], path)
		];
	});
}

/**
 * A test that passed only on its retry counts as failed: retries exist so that CI shows the trace
 * of the first failure, not to pass a test that cannot be relied on (playwright.config.ts fails the
 * run on one too).
 */
export function readPlaywright(file: string): (Totals & { flaky: string[] }) | undefined {
	if (!existsSync(file)) return undefined;
	const { stats, suites } = JSON.parse(readFileSync(file, 'utf8'));
	const flaky = flakyTests(suites ?? []);
	return {
		passed: stats?.expected ?? 0,
		failed: (stats?.unexpected ?? 0) + (stats?.flaky ?? 0),
		skipped: stats?.skipped ?? 0,
		flaky
	};
}
