import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fi from '../../messages/fi.json';
import sv from '../../messages/sv.json';

/**
 * Every text a visitor or registrant can meet must exist in Swedish. A key missing in sv.json does
 * not break anything visible in a test run (Paraglide falls back to Finnish), so nothing else would
 * catch it: this walks the public side's source and its imports and collects the keys it uses.
 */
const ROOT = resolve(__dirname, '../..');
const PUBLIC_ROOTS = [
	'src/routes/(public)',
	'src/routes/+layout.svelte',
	'src/routes/+error.svelte',
	'src/routes/ErrorContent.svelte',
	'src/lib/server/mail/templates',
	'src/lib/components/errors.ts',
	'src/hooks.server.ts'
];

/** Swedish values that may equal the Finnish: names and words both languages spell alike. */
const SAME_IN_BOTH = new Set<string>(['footer_controller', 'privacy_finnish_link']);

function sourceFiles(path: string): string[] {
	if (statSync(path).isDirectory()) {
		return readdirSync(path).flatMap((name) => sourceFiles(join(path, name)));
	}
	return /\.(ts|svelte)$/.test(path) && !path.endsWith('.test.ts') ? [path] : [];
}

/** A component or helper the public files import, so keys used only there count too. */
function imports(file: string, text: string): string[] {
	const found: string[] = [];
	for (const [, spec = ''] of text.matchAll(/from '([^']+)'/g)) {
		if (spec.includes('paraglide')) continue;
		const base = spec.startsWith('$lib/')
			? join(ROOT, 'src/lib', spec.slice(5))
			: spec.startsWith('.')
				? resolve(dirname(file), spec)
				: null;
		if (!base) continue;
		const candidate = [base, `${base}.ts`, `${base}/index.ts`].find(
			(p) => existsSync(p) && statSync(p).isFile() && /\.(ts|svelte)$/.test(p)
		);
		// Server modules outside the mail templates (audit names and the like) speak to staff only.
		if (candidate && !candidate.includes('/src/lib/server/')) found.push(candidate);
	}
	return found;
}

function publicKeys(): Map<string, string> {
	const keys = new Map<string, string>();
	const seen = new Set<string>();
	const queue = PUBLIC_ROOTS.flatMap((root) => sourceFiles(join(ROOT, root)));
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/\bm\.([A-Za-z0-9_]+)|\bm\[['"]([A-Za-z0-9_]+)['"]\]/g)) {
			const key = match[1] ?? match[2]!;
			if (!key.startsWith('staff_') && !keys.has(key)) keys.set(key, file.slice(ROOT.length + 1));
		}
		queue.push(...imports(file, text).filter((f) => f.startsWith(join(ROOT, 'src'))));
	}
	return keys;
}

describe('Swedish texts', () => {
	const used = publicKeys();
	const finnish = fi as Record<string, string>;
	const swedish = sv as Record<string, string>;

	it('finds the public keys (the scan itself works)', () => {
		expect(used.size).toBeGreaterThan(200);
		expect(used.has('signup_submit')).toBe(true);
	});

	it('has every key the public pages and mails use', () => {
		const missing = [...used].filter(([key]) => key in finnish && !(key in swedish));
		expect(missing.map(([key, file]) => `${key} (${file})`)).toEqual([]);
	});

	it('has no Finnish copied over as Swedish', () => {
		const copied = [...used.keys()].filter(
			(key) =>
				key in swedish &&
				swedish[key] === finnish[key] &&
				finnish[key]!.length > 12 &&
				!SAME_IN_BOTH.has(key)
		);
		expect(copied).toEqual([]);
	});
});
