/**
 * Where a benchmarked server spent its CPU: `npx tsx tests/bench/profile-summary.ts DIR [N]` reads the
 * .cpuprofile files `npm run bench -- --profile=DIR` left and prints the N (default 25) functions
 * and the packages with the most self time, as shares of all samples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
}
interface Profile {
	nodes: ProfileNode[];
}

const [dir, limit = '25'] = process.argv.slice(2);
if (!dir) {
	console.error('usage: tsx tests/bench/profile-summary.ts DIR [N]');
	process.exit(2);
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
	const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
	for (const node of profile.nodes) {
		const hits = node.hitCount ?? 0;
		if (!hits) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		if (functionName === '(idle)') continue;
		total += hits;
		const where = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
		const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
		const pkg =
			/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ??
			(where.startsWith('build/')
				? 'build (the app and what it bundles)'
				: where
					? 'node'
					: functionName);
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
	}
}

const top = (map: Map<string, number>, n: number) =>
	[...map.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, n)
		.map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`)
		.join('\n');

console.log(`${total} samples (idle excluded)\n\nby package:\n${top(byPackage, 15)}`);
console.log(`\nby function (self time):\n${top(byFunction, Number(limit))}`);
