/**
 * The results table (printed and written to RESULTS.md) and the section appended per run. Earlier
 * runs stay in RESULTS.md below the newest, for comparison.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';

export type Verdict = 'ok' | 'MISS' | '';

export interface Row {
	figure: string;
	app: string;
	baseline: string;
	ratio?: string;
	target?: string;
	verdict?: Verdict;
}

export const fmt = {
	int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–'),
	ms: (n: number) =>
		Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toString()) : '–',
	mib: (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} MiB` : '–'),
	kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
	pct: (ratio: number) => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : '–'),
	s: (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–')
};

export function verdict(ok: boolean | null): Verdict {
	return ok === null ? '' : ok ? 'ok' : 'MISS';
}

export function table(headers: string[], rows: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${headers.join(' | ')} |`,
		`| ${headers.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)
	].join('\n');
}

export function resultsTable(rows: Row[]): string {
	return table(
		['figure', 'app', 'baseline', 'app / baseline', 'target', ''],
		rows.map((r) => [r.figure, r.app, r.baseline, r.ratio ?? '', r.target ?? '', r.verdict ?? ''])
	);
}

const MARKER = '<!-- newest run first; each run appends its section below this line -->';

const HEADER = `# Benchmark results

Produced by \`npm run bench\` (tests/bench/run.ts); see the head of that file for what each figure
means and how it is measured. Each run adds a section below, newest first; earlier runs stay for
comparison. Figures depend on the machine and on whatever else ran on it at the time: the
"other CPU" column of the detail tables shows load from outside the benchmark.

${MARKER}
`;

/**
 * Adds a run's section to RESULTS.md, newest first, keeping everything already there; formatted
 * with the project's Prettier settings, so `npm run lint` stays clean.
 */
export async function appendResults(file: string, section: string) {
	let text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
	if (!text.includes(MARKER)) text = `${HEADER}\n${text}`;
	const at = text.indexOf(MARKER) + MARKER.length;
	text = `${text.slice(0, at)}\n\n${section.trim()}\n${text.slice(at)}`.replace(/\n{3,}/g, '\n\n');
	const options = (await prettier.resolveConfig(file)) ?? {};
	writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}
