import { describe, expect, it } from 'vitest';
import { reroute } from './hooks';

const route = (path: string) =>
	reroute({ url: new URL(`http://localhost${path}`), fetch } as Parameters<typeof reroute>[0]);

describe('reroute', () => {
	it('serves every public page in Finnish, Swedish and English from one route', () => {
		expect(route('/events/x')).toBe('/events/x');
		expect(route('/sv/events/x')).toBe('/events/x');
		expect(route('/en/events/x')).toBe('/events/x');
		expect(route('/sv')).toBe('/');
	});

	it('serves the feeds, whose paths end in an extension, in every language', () => {
		for (const feed of ['/events.ics', '/events.atom']) {
			for (const prefix of ['', '/sv', '/en']) expect(route(prefix + feed)).toBe(feed);
		}
	});

	it('serves staff pages in Finnish and English only', () => {
		expect(route('/staff/users')).toBe('/staff/users');
		expect(route('/en/staff/users')).toBe('/staff/users');
		// No route matches these: the visitor gets a 404, escapes or not.
		for (const path of ['/sv/staff', '/sv/staff/login', '/sv/%73taff/users']) {
			expect(route(path)).toBe(path);
		}
	});
});
