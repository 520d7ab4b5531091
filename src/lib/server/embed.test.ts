import { describe, expect, it } from 'vitest';
import { isEmbedRoute, withFrameAncestors } from './embed';

const CSP =
	"default-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'";
const SITES = ['https://www.wetteritrucks.fi', 'http://localhost:8080'];

describe('frame-ancestors for the embeddable views', () => {
	it('names exactly the configured origins on every embed route', () => {
		for (const route of [
			'/(embed)/embed/events',
			'/(embed)/embed/events/[slug]',
			'/(embed)/embed/events/[slug]/registered'
		]) {
			expect(isEmbedRoute(route)).toBe(true);
			expect(withFrameAncestors(CSP, route, SITES)).toBe(
				"default-src 'self'; script-src 'self'; img-src 'self' data:; " +
					'frame-ancestors https://www.wetteritrucks.fi http://localhost:8080; ' +
					"base-uri 'self'"
			);
		}
	});

	it("keeps 'none' when no origin is configured", () => {
		expect(withFrameAncestors(CSP, '/(embed)/embed/events/[slug]', [])).toBe(CSP);
	});

	it("keeps 'none' on every other page, however its path reads", () => {
		for (const route of [
			null,
			'/(public)/events/[slug]',
			'/(public)/events/[slug]/registered',
			'/(public)',
			'/staff/(app)/events/[id]',
			'/embed'
		]) {
			expect(isEmbedRoute(route)).toBe(false);
			expect(withFrameAncestors(CSP, route, SITES)).toBe(CSP);
		}
	});

	it('adds the directive to a policy that lacks it, and replaces it when it comes first', () => {
		expect(withFrameAncestors("default-src 'self'", '/(embed)/embed/events', SITES)).toBe(
			"default-src 'self'; frame-ancestors https://www.wetteritrucks.fi http://localhost:8080"
		);
		expect(
			withFrameAncestors("frame-ancestors 'none'; default-src 'self'", '/(embed)/embed/events', [
				SITES[0]!
			])
		).toBe("frame-ancestors https://www.wetteritrucks.fi; default-src 'self'");
	});
});
