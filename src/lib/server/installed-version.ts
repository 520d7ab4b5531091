import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The installed version of a package, for keys that must change when it is upgraded (the kept
 * database snapshot, the compiled messages' stamp). Packages need not export their package.json:
 * it is found upward from the package's entry point.
 */
export function installedVersion(name: string): string {
	let dir = path.dirname(createRequire(import.meta.url).resolve(name));
	while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
		dir = path.dirname(dir);
	}
	return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
		.version;
}
