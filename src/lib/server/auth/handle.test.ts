import { describe, expect, it } from 'vitest';
import { isSignInPath, isStaffPath, routedPath } from './handle';

const at = (path: string) => new URL(`http://ilmo.test${path}`);

describe('the staff paths the session handle guards', () => {
	it.each([
		['/staff', true],
		['/staff/users', true],
		['/en/staff/users', true],
		// Routed to the staff pages by SvelteKit, which decodes the path before matching.
		['/%73taff/users', true],
		['/%73%74%61%66%66', true],
		['/en/%73taff/users', true],
		['/%65n/staff/users', true],
		['/STAFF/users', false],
		['/staffing', false],
		['/events/staff', false],
		// %25 stays encoded in SvelteKit's routing, so this is the literal path "/%73taff".
		['/%2573taff/users', false]
	])('%s → %s', (path, expected) => {
		expect(isStaffPath(at(path))).toBe(expected);
	});

	it('knows the sign-in steps however they are spelt', () => {
		expect(isSignInPath(at('/staff/login'))).toBe(true);
		expect(isSignInPath(at('/en/staff/login/code'))).toBe(true);
		expect(isSignInPath(at('/%73taff/%6cogin'))).toBe(true);
		expect(isSignInPath(at('/staff/loginx'))).toBe(false);
		expect(isSignInPath(at('/staff/users'))).toBe(false);
	});

	it('gives the decoded path for the next step after sign-in', () => {
		expect(routedPath(at('/en/%73taff/users'))).toBe('/staff/users');
		// A malformed escape is left as it came (SvelteKit answers it 400).
		expect(routedPath(at('/staff/%E0%A4%A'))).toBe('/staff/%E0%A4%A');
	});
});
