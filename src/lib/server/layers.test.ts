import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The floors of src/lib/server, lowest first: a module may import from its own floor and from the
 * floors below, never from above, and no two units may reach each other (on one floor either). A
 * unit is a folder, or a file directly in src/lib/server. README.md's folder map draws the same.
 * A new folder must be placed here before it can be imported: the test names it otherwise.
 */
export const FLOORS: readonly (readonly string[])[] = [
	// Platform: storage, configuration and plain helpers with no domain knowledge.
	[
		'db',
		'config.ts',
		'phone.ts',
		'http.ts',
		'csrf.ts',
		'compression.ts',
		'body-limit.ts',
		'mail-context.ts',
		'spreadsheet',
		'tokens',
		'rate-limit',
		// The one-instance lock every scheduled job takes.
		'job-lock.ts',
		// Which pages another site may frame (CSP frame-ancestors on the embeddable views).
		'embed.ts',
		// The one keyset-page query helper every staff list uses.
		'list',
		// sharp loaded on first use: event images, the brand's logo and the demo's picture share it.
		'sharp.ts',
		'idle-collector.ts',
		// A package's installed version, for keys that change with an upgrade.
		'installed-version.ts'
	],
	// The person: keys, aliases, email normalisation, every record of one person.
	['person'],
	// The audit trail: takes plain data; finds a person's rows through the person floor.
	['audit'],
	// Services every feature uses: the outbox, the notice, staff accounts, the suppression list,
	// ticket codes (keyed by the server secret, which auth owns).
	// The organisation's look (name, logo, colours), which pages and every mail carry.
	['mail', 'privacy', 'auth', 'suppression', 'tickets', 'brand'],
	// Reminders sit below events: a new event gets its default reminders as it is created.
	// Event images sit below events too: the event pages and lists show them.
	['reminders', 'images'],
	['events', 'registrations'],
	// Groups: a booker's sign-up of several attendees, each a registration of their own.
	['contacts', 'permissions', 'attendees', 'attendee-messages', 'offers', 'groups'],
	// Statistics: counts over registrations and contacts, aggregates only.
	['statistics'],
	// Requests touch everything a person has; retention deletes across every table.
	['requests', 'retention'],
	// Operations over the whole database: backups, the demo, the scheduler.
	['backup', 'demo', 'jobs.ts'],
	// Page handlers two routes share (the public event page and its embeddable view).
	['pages']
];

const SERVER = path.resolve('src/lib/server');

type Graph = Map<string, Map<string, string[]>>;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		// Tests may assemble a scene from any floor; only the product's own imports are layered.
		return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
	});
}

/** The specifiers a file imports at run time: type-only imports are erased and do not count. */
export function valueImports(fileName: string, text: string): string[] {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const clause = node.importClause;
			const named = clause?.namedBindings;
			const onlyTypes =
				clause?.isTypeOnly ||
				(clause &&
					!clause.name &&
					named &&
					ts.isNamedImports(named) &&
					named.elements.length > 0 &&
					named.elements.every((element) => element.isTypeOnly));
			if (!onlyTypes) found.push(node.moduleSpecifier.text);
		} else if (
			ts.isExportDeclaration(node) &&
			!node.isTypeOnly &&
			node.moduleSpecifier &&
			ts.isStringLiteral(node.moduleSpecifier)
		) {
			found.push(node.moduleSpecifier.text);
		} else if (
			ts.isCallExpression(node) &&
			node.expression.kind === ts.SyntaxKind.ImportKeyword &&
			node.arguments[0] &&
			ts.isStringLiteral(node.arguments[0])
		) {
			found.push(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** The unit (folder or top-level file) a path in src/lib/server belongs to, or null outside it. */
function unitOf(target: string): string | null {
	const relative = path.relative(SERVER, target);
	if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
	const [first, ...rest] = relative.split(path.sep);
	if (rest.length > 0) return first!;
	const bare = first!.replace(/\.(js|ts)$/, '');
	try {
		if (statSync(path.join(SERVER, bare)).isDirectory()) return bare;
	} catch {
		// Not a folder: a top-level module.
	}
	return `${bare}.ts`;
}

let built: Graph | null = null;

/** Built once per run: parsing every module is the slow part. */
function importGraph(): Graph {
	if (built) return built;
	const graph: Graph = new Map();
	for (const file of sourceFiles(SERVER)) {
		const from = unitOf(file)!;
		for (const specifier of valueImports(file, readFileSync(file, 'utf8'))) {
			const target = specifier.startsWith('.')
				? path.resolve(path.dirname(file), specifier)
				: specifier.startsWith('$lib/server/')
					? path.join(SERVER, specifier.slice('$lib/server/'.length))
					: null;
			const to = target ? unitOf(target) : null;
			if (!to || to === from) continue;
			const edges = graph.get(from) ?? new Map<string, string[]>();
			edges.set(to, [...(edges.get(to) ?? []), `${path.relative(SERVER, file)} → ${specifier}`]);
			graph.set(from, edges);
		}
	}
	built = graph;
	return graph;
}

/** Every way a graph breaks the floors: unplaced units, imports upward, and cycles. */
export function layerViolations(graph: Graph, floors: readonly (readonly string[])[]): string[] {
	const floorOf = new Map(floors.flatMap((units, floor) => units.map((unit) => [unit, floor])));
	const problems: string[] = [];
	const units = new Set([...graph.keys(), ...[...graph.values()].flatMap((e) => [...e.keys()])]);
	for (const unit of units) {
		if (!floorOf.has(unit)) problems.push(`${unit} is on no floor: place it in FLOORS`);
	}
	for (const [from, edges] of graph) {
		for (const [to, where] of edges) {
			if ((floorOf.get(from) ?? 0) < (floorOf.get(to) ?? 0)) {
				problems.push(`${from} (floor ${floorOf.get(from)}) imports ${to} from above: ${where[0]}`);
			}
		}
	}
	// Any cycle, of two units or more, found by walking from each unit (the graph is small).
	const reported = new Set<string>();
	for (const start of units) {
		const stack: { unit: string; trail: string[] }[] = [{ unit: start, trail: [start] }];
		const seen = new Set<string>();
		while (stack.length > 0) {
			const { unit, trail } = stack.pop()!;
			for (const next of graph.get(unit)?.keys() ?? []) {
				if (next === start) {
					const key = [...trail].sort().join(' ');
					if (!reported.has(key)) problems.push(`cycle: ${[...trail, start].join(' → ')}`);
					reported.add(key);
				} else if (!seen.has(next)) {
					seen.add(next);
					stack.push({ unit: next, trail: [...trail, next] });
				}
			}
		}
	}
	return problems;
}

const graphOf = (edges: [string, string][]): Graph => {
	const graph: Graph = new Map();
	for (const [from, to] of edges) {
		graph.set(from, (graph.get(from) ?? new Map()).set(to, [`${from} → ${to}`]));
	}
	return graph;
};

describe('the floors of src/lib/server', () => {
	it('has no import upward, no cycle, and every unit placed', () => {
		expect(layerViolations(importGraph(), FLOORS)).toEqual([]);
	});

	it('sees the imports that exist: requests stand on the person floor', () => {
		const graph = importGraph();
		expect([...(graph.get('requests')?.keys() ?? [])]).toContain('person');
		expect([...(graph.get('events')?.keys() ?? [])]).toContain('registrations');
	});

	it('names a mutual pair on one floor, an import from above and an unplaced unit', () => {
		const floors = [['low'], ['a', 'b']];
		expect(
			layerViolations(
				graphOf([
					['a', 'b'],
					['b', 'a']
				]),
				floors
			)
		).toEqual(['cycle: a → b → a']);
		expect(layerViolations(graphOf([['low', 'a']]), floors)).toEqual([
			'low (floor 0) imports a from above: low → a'
		]);
		expect(
			layerViolations(
				graphOf([
					['a', 'low'],
					['a', 'new']
				]),
				floors
			)
		).toEqual(['new is on no floor: place it in FLOORS']);
	});

	it('counts value imports only: type-only imports are erased', () => {
		const text = [
			"import type { Db } from '../db';",
			"import { type Tx } from '../db/tx';",
			"import { record, type Input } from '../audit';",
			"export { x } from '../events';",
			"const m = await import('../mail');"
		].join('\n');
		expect(valueImports('x.ts', text)).toEqual(['../audit', '../events', '../mail']);
	});
});
