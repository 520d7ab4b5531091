/**
 * Reads the staff route files the way a reviewer would: which loads, actions and endpoints exist,
 * and which right each one asks for on its first line. The guard test fails on any handler that
 * does not start with requireStaff; the access-matrix e2e test derives its expectations from here,
 * so a new route is covered the day it is added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const STAFF_ROUTES_DIR = path.resolve(import.meta.dirname, '../../src/routes/staff');

/** The only staff routes open to anonymous visitors (relative to src/routes/staff). */
export const OPEN_STAFF_DIRS = ['login', 'login/code'];

const GUARD_MODULE = '$lib/server/auth/guard';
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];
const ROUTE_FILE = /^\+(page\.server|layout\.server|server)\.(ts|js)$/;

export interface Handler {
	kind: 'load' | 'action' | 'endpoint';
	/** `load`, the action's name (`default` too) or the HTTP method. */
	name: string;
	/** The right passed to requireStaff on the first line, or null when the guard is missing. */
	right: string | null;
	/** Why the handler fails the rule, or null. */
	problem: string | null;
	line: number;
}

export interface RouteFile {
	/** Directory relative to src/routes/staff, with forward slashes ('' for the root). */
	dir: string;
	file: string;
	type: 'page' | 'layout' | 'endpoint';
	handlers: Handler[];
}

function unwrap(node: ts.Expression): ts.Expression {
	while (
		ts.isSatisfiesExpression(node) ||
		ts.isAsExpression(node) ||
		ts.isParenthesizedExpression(node) ||
		ts.isTypeAssertionExpression(node)
	) {
		node = node.expression;
	}
	return node;
}

type FunctionLike =
	ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** A function declared in this file under `name` (for `load = handler` or `{ create }`). */
function localFunction(source: ts.SourceFile, name: string): FunctionLike | null {
	for (const statement of source.statements) {
		if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
		if (ts.isVariableStatement(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
					const init = declaration.initializer && unwrap(declaration.initializer);
					if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
				}
			}
		}
	}
	return null;
}

function asFunction(source: ts.SourceFile, node: ts.Expression | undefined): FunctionLike | null {
	if (!node) return null;
	const inner = unwrap(node);
	if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
	if (ts.isIdentifier(inner)) return localFunction(source, inner.text);
	return null;
}

/** The right named by `requireStaff('<right>')`, if `expression` is exactly that call. */
function guardCall(expression: ts.Expression | undefined, guardName: string | null) {
	if (!expression || !guardName) return null;
	const call = unwrap(expression);
	if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) return null;
	if (call.expression.text !== guardName) return null;
	const [argument] = call.arguments;
	return argument && ts.isStringLiteralLike(argument) ? argument.text : '';
}

function firstGuard(fn: FunctionLike, guardName: string | null): string | null {
	const body = fn.body;
	if (!body) return null;
	if (!ts.isBlock(body)) return guardCall(body, guardName);
	const [first] = body.statements;
	if (!first) return null;
	if (ts.isExpressionStatement(first)) return guardCall(first.expression, guardName);
	if (ts.isVariableStatement(first) && first.declarationList.declarations.length === 1) {
		return guardCall(first.declarationList.declarations[0]!.initializer, guardName);
	}
	return null;
}

/** The local name under which requireStaff is imported from the guard module, if it is. */
function guardImport(source: ts.SourceFile): string | null {
	for (const statement of source.statements) {
		if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
		const from = (statement.moduleSpecifier as ts.StringLiteral).text;
		const bindings = statement.importClause?.namedBindings;
		if (from !== GUARD_MODULE || !bindings || !ts.isNamedImports(bindings)) continue;
		for (const element of bindings.elements) {
			if ((element.propertyName ?? element.name).text === 'requireStaff') return element.name.text;
		}
	}
	return null;
}

function isExported(node: ts.Node): boolean {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** Every load, action and endpoint handler a route module exports, and whether each is guarded. */
export function analyse(fileName: string, text: string): Handler[] {
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
	const guardName = guardImport(source);
	const handlers: Handler[] = [];
	const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
	const add = (kind: Handler['kind'], name: string, fn: FunctionLike | null, at: ts.Node) => {
		const right = fn ? firstGuard(fn, guardName) : null;
		let problem: string | null = null;
		if (!fn) problem = 'not a function written in this file, so its first line cannot be checked';
		else if (right === null) problem = 'does not start with requireStaff(...)';
		else if (right === '') problem = 'requireStaff needs a string literal right';
		handlers.push({ kind, name, right: right || null, problem, line: lineOf(at) });
	};
	const kindOf = (name: string): Handler['kind'] | null =>
		name === 'load' ? 'load' : HTTP_METHODS.includes(name) ? 'endpoint' : null;

	for (const statement of source.statements) {
		if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) {
			const kind = kindOf(statement.name.text);
			if (kind) add(kind, statement.name.text, statement, statement);
		} else if (ts.isVariableStatement(statement) && isExported(statement)) {
			for (const declaration of statement.declarationList.declarations) {
				if (!ts.isIdentifier(declaration.name)) continue;
				const name = declaration.name.text;
				const kind = kindOf(name);
				if (kind) add(kind, name, asFunction(source, declaration.initializer), declaration);
				if (name !== 'actions') continue;
				const object = declaration.initializer && unwrap(declaration.initializer);
				if (!object || !ts.isObjectLiteralExpression(object)) {
					add('action', '(actions)', null, declaration);
					continue;
				}
				for (const property of object.properties) {
					const actionName =
						property.name && ts.isIdentifier(property.name) ? property.name.text : '';
					if (ts.isPropertyAssignment(property)) {
						add('action', actionName, asFunction(source, property.initializer), property);
					} else if (ts.isMethodDeclaration(property)) {
						add('action', actionName, property, property);
					} else if (ts.isShorthandPropertyAssignment(property)) {
						add('action', actionName, localFunction(source, actionName), property);
					} else {
						add('action', '(spread)', null, property);
					}
				}
			}
		} else if (ts.isExportDeclaration(statement)) {
			// `export { load } from './x'` or `export *` hides the handler from this check.
			const clause = statement.exportClause;
			const names =
				clause && ts.isNamedExports(clause) ? clause.elements.map((e) => e.name.text) : ['*'];
			for (const name of names) {
				if (name === '*' || name === 'actions' || kindOf(name)) {
					add(kindOf(name) ?? 'action', name, null, statement);
				}
			}
		}
	}
	return handlers;
}

function walk(dir: string, relative: string, out: RouteFile[]) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		const rel = relative ? `${relative}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			walk(full, rel, out);
		} else if (ROUTE_FILE.test(entry.name)) {
			const type = entry.name.startsWith('+layout')
				? 'layout'
				: entry.name.startsWith('+server')
					? 'endpoint'
					: 'page';
			out.push({
				dir: relative,
				file: rel,
				type,
				handlers: analyse(entry.name, readFileSync(full, 'utf8'))
			});
		}
	}
}

/** Every server route file under src/routes/staff, the open sign-in routes included. */
export function staffRouteFiles(): RouteFile[] {
	const files: RouteFile[] = [];
	walk(STAFF_ROUTES_DIR, '', files);
	return files.sort((a, b) => a.file.localeCompare(b.file));
}

export function isOpenDir(dir: string): boolean {
	return OPEN_STAFF_DIRS.includes(dir);
}

export interface StaffRoute {
	/** Directory relative to src/routes/staff. */
	dir: string;
	/** Path pattern as a visitor sees it, e.g. /staff/events/[id]/checkin (groups removed). */
	pattern: string;
	/** Rights every GET of the page needs: its layouts' loads, then its own load. */
	pageRights: string[] | null;
	/** False for a page that ships no JavaScript (`export const csr = false`): it never hydrates. */
	csr: boolean;
	actions: { name: string; right: string }[];
	endpoints: { method: string; right: string }[];
}

/**
 * The staff routes a visitor can reach, apart from the open sign-in ones, with the rights each
 * needs. Pages without a server load count too (only their layouts then guard them).
 */
export function staffRoutes(): StaffRoute[] {
	const files = staffRouteFiles();
	const dirs = new Set<string>();
	for (const entry of readdirWalk(STAFF_ROUTES_DIR, '')) dirs.add(entry);
	for (const file of files) if (file.type !== 'layout') dirs.add(file.dir);
	const rightsOf = (file: RouteFile | undefined, kind: Handler['kind']) =>
		(file?.handlers ?? []).filter((h) => h.kind === kind && h.right);
	return [...dirs]
		.filter((dir) => !isOpenDir(dir))
		.sort()
		.map((dir) => {
			const page = files.find((f) => f.dir === dir && f.type === 'page');
			const endpoint = files.find((f) => f.dir === dir && f.type === 'endpoint');
			const hasPage = Boolean(page) || pageSvelteExists(dir);
			const layouts = files.filter(
				(f) => f.type === 'layout' && (f.dir === '' || dir === f.dir || dir.startsWith(`${f.dir}/`))
			);
			const pageRights = hasPage
				? [...layouts, ...(page ? [page] : [])].flatMap((f) =>
						rightsOf(f, 'load').map((h) => h.right!)
					)
				: null;
			return {
				dir,
				pattern: ['/staff', ...dir.split('/').filter((s) => s && !/^\(.*\)$/.test(s))].join('/'),
				pageRights,
				csr: !pageDisablesCsr(dir),
				actions: rightsOf(page, 'action').map((h) => ({ name: h.name, right: h.right! })),
				endpoints: rightsOf(endpoint, 'endpoint').map((h) => ({ method: h.name, right: h.right! }))
			};
		});
}

function pageDisablesCsr(dir: string): boolean {
	return ['+page.server.ts', '+page.ts'].some((file) => {
		try {
			const text = readFileSync(path.join(STAFF_ROUTES_DIR, dir, file), 'utf8');
			return /^export const csr = false;/m.test(text);
		} catch {
			return false;
		}
	});
}

function pageSvelteExists(dir: string): boolean {
	try {
		return readdirSync(path.join(STAFF_ROUTES_DIR, dir)).includes('+page.svelte');
	} catch {
		return false;
	}
}

/** Directories that hold a +page.svelte (a page may have no server file at all). */
function readdirWalk(dir: string, relative: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) {
			const rel = relative ? `${relative}/${entry.name}` : entry.name;
			found.push(...readdirWalk(path.join(dir, entry.name), rel));
		} else if (entry.name === '+page.svelte') {
			found.push(relative);
		}
	}
	return found;
}
