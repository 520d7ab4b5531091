import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMessages, isCompiledOutputCurrent, type MessagesLayout } from './paraglide-dev';

const plugin = path.resolve(
	import.meta.dirname,
	'../node_modules/@inlang/plugin-message-format/dist/index.js'
);
const root = mkdtempSync(path.join(tmpdir(), 'ilmo-paraglide-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const layout: MessagesLayout = {
	root,
	project: path.join(root, 'project.inlang'),
	outdir: path.join(root, 'paraglide'),
	messagesDir: path.join(root, 'messages')
};

function writeProject() {
	mkdirSync(layout.project, { recursive: true });
	mkdirSync(layout.messagesDir, { recursive: true });
	writeFileSync(
		path.join(layout.project, 'settings.json'),
		JSON.stringify({
			baseLocale: 'fi',
			locales: ['fi', 'en'],
			modules: [plugin],
			'plugin.inlang.messageFormat': { pathPattern: path.join(layout.messagesDir, '{locale}.json') }
		})
	);
	writeFileSync(path.join(layout.messagesDir, 'fi.json'), JSON.stringify({ hello: 'Hei' }));
	writeFileSync(path.join(layout.messagesDir, 'en.json'), JSON.stringify({ hello: 'Hello' }));
}

describe('compiling the messages for the dev server only when stale', () => {
	it('finds the output current after a compile, and stale after any input or another compile changed', async () => {
		writeProject();
		expect(isCompiledOutputCurrent(layout)).toBe(false);
		await compileMessages(layout, { clean: true });
		expect(isCompiledOutputCurrent(layout)).toBe(true);

		writeFileSync(path.join(layout.messagesDir, 'en.json'), JSON.stringify({ hello: 'Hi' }));
		expect(isCompiledOutputCurrent(layout)).toBe(false);
		await compileMessages(layout);
		expect(isCompiledOutputCurrent(layout)).toBe(true);
		expect(readFileSync(path.join(layout.outdir, 'messages/en.js'), 'utf8')).toContain('Hi');

		// A new locale's file beside the others.
		writeFileSync(path.join(layout.messagesDir, 'sv.json'), JSON.stringify({ hello: 'Hej' }));
		expect(isCompiledOutputCurrent(layout)).toBe(false);
		rmSync(path.join(layout.messagesDir, 'sv.json'));
		expect(isCompiledOutputCurrent(layout)).toBe(true);

		// Another compiler wrote the output (vite build's message modules, the CLI).
		writeFileSync(path.join(layout.outdir, 'runtime.js'), '// compiled otherwise\n');
		expect(isCompiledOutputCurrent(layout)).toBe(false);
	});
});
