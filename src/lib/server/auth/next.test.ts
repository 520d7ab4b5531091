import { describe, expect, it } from 'vitest';
import { localizeHref } from '../../paraglide/runtime';
import { safeNext } from './next';

const ORIGIN = 'https://ilmo.example';

describe('safeNext', () => {
	it.each([
		[null, '/staff'],
		['', '/staff'],
		['/staff/events/1?q=a', '/staff/events/1?q=a'],
		['/staff', '/staff'],
		['https://ilmo.example/staff/events', '/staff/events'],
		// Paraglide's locale prefix: the caller localises the bare path again.
		['/en/staff/events?q=a', '/staff/events?q=a'],
		['/sv/staff', '/staff'],
		// Normalised the way a browser resolves it, and that form is what comes back.
		['/staff/events/../contacts', '/staff/contacts'],
		['/staff/./events', '/staff/events'],
		['/st\taff/eve\nnts', '/staff/events'],
		// Off the site or off the staff pages.
		['https://evil.example.com/staff', '/staff'],
		['//evil.example.com/staff', '/staff'],
		['/staff/..//evil.example/phish', '/staff'],
		['/en/staff/..//evil.example/phish', '/staff'],
		['/staff/%2e%2e//evil.example/phish', '/staff'],
		['/staff/%2E%2E/%2E%2E//evil.example', '/staff'],
		['/staff\\..\\evil', '/staff'],
		['\\\\evil.example/staff', '/staff'],
		['/\\evil.example/staff', '/staff'],
		['/\t/evil.example/staff', '/staff'],
		['/staff/%2F%2Fevil.example', '/staff'],
		['/staff/%5C%5Cevil.example', '/staff'],
		['/staff//evil.example', '/staff'],
		['/staffevil', '/staff'],
		['/events/x', '/staff'],
		['javascript:alert(1)//staff', '/staff'],
		['/staff/login?next=/staff', '/staff'],
		['/staff/./login', '/staff'],
		['/en/staff/logout', '/staff'],
		['http://[::1', '/staff']
	])('%j → %s', (next, expected) => {
		expect(safeNext(next, ORIGIN)).toBe(expected);
	});

	it('never yields a Location that leaves the site, once localised', () => {
		const tricks = ['/', '//', '\\', '%2F', '%5C', '..', '%2e%2e', '\t', '\n', '@', 'en/', ':'];
		for (const a of tricks) {
			for (const b of tricks) {
				for (const c of tricks) {
					const location = localizeHref(safeNext(`/staff/${a}${b}${c}evil.example/x`, ORIGIN));
					expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
					expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
					expect(new URL(location, ORIGIN).pathname).toMatch(/^\/(en\/)?staff(\/|$)/);
				}
			}
		}
	});
});
