import { describe, expect, it } from 'vitest';
import { RIGHTS } from '$lib/server/auth/access';
import { analyse, isOpenDir, OPEN_STAFF_DIRS, staffRouteFiles } from '$tests/staff-routes';

/**
 * Every staff load, action and endpoint starts with requireStaff(right): a guard in a hook or a
 * layout can be skipped (a layout load does not rerun on every request, and actions never run
 * one), so each handler checks for itself, and this test makes sure none forgets.
 */
describe('the staff guard', () => {
	const files = staffRouteFiles();
	const guarded = files.filter((file) => !isOpenDir(file.dir));

	it('finds the staff routes, and the open sign-in routes are still where they were', () => {
		expect(guarded.length).toBeGreaterThan(3);
		for (const dir of OPEN_STAFF_DIRS) expect(files.some((file) => file.dir === dir)).toBe(true);
	});

	it.each(guarded.map((file) => [file.file, file] as const))(
		'%s starts every handler with requireStaff',
		(_, file) => {
			const problems = file.handlers
				.filter((h) => h.problem || !(RIGHTS as readonly string[]).includes(h.right ?? ''))
				.map(
					(h) =>
						`${file.file}:${h.line} ${h.kind} ${h.name}: ${h.problem ?? `unknown right '${h.right}'`}`
				);
			expect(problems).toEqual([]);
		}
	);
});

describe('the guard check itself', () => {
	const check = (source: string) =>
		analyse('+page.server.ts', `import { requireStaff } from '$lib/server/auth/guard';\n${source}`);

	it('accepts the guard as a statement or a declaration, in any handler shape', () => {
		const handlers = check(`
			export const load: PageServerLoad = async () => { const user = requireStaff('events.view'); return { user }; };
			export async function GET() { requireStaff('attendees.export'); return new Response(); }
			async function shared() { requireStaff('events.manage'); }
			export const actions = {
				default: async () => { requireStaff('events.manage'); },
				named(event) { const u = requireStaff('users.manage'); },
				shared
			} satisfies Actions;
		`);
		expect(handlers.map((h) => [h.kind, h.name, h.right, h.problem])).toEqual([
			['load', 'load', 'events.view', null],
			['endpoint', 'GET', 'attendees.export', null],
			['action', 'default', 'events.manage', null],
			['action', 'named', 'users.manage', null],
			['action', 'shared', 'events.manage', null]
		]);
	});

	it('refuses a guard that comes second, is missing, is not literal or is not the real one', () => {
		const handlers = check(`
			export const load = async ({ locals }) => { const db = await open(); requireStaff('events.view'); };
			export const POST = async () => new Response();
			export const actions = {
				save: async () => { if (x) requireStaff('events.manage'); },
				dynamic: async () => { requireStaff(right); },
				...more
			};
			export { GET } from './elsewhere';
		`);
		expect(handlers.every((h) => h.problem)).toBe(true);
		expect(handlers.map((h) => h.name)).toEqual([
			'load',
			'POST',
			'save',
			'dynamic',
			'(spread)',
			'GET'
		]);
		const impostor = analyse(
			'+page.server.ts',
			`const requireStaff = (r) => null;\nexport const load = () => { requireStaff('events.view'); };`
		);
		expect(impostor[0]?.problem).toBeTruthy();
	});
});
