import { describe, expect, it } from 'vitest';
import { isForbiddenCrossSiteForm } from './csrf';

const url = (path: string) => new URL(`https://ilmo.test${path}`);
const post = (headers: Record<string, string>, method = 'POST') =>
	new Request('https://ilmo.test/', { method, headers, body: 'a=1' });
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the cross-site form check', () => {
	it('lets same-origin forms and non-form requests through', () => {
		expect(
			isForbiddenCrossSiteForm(post({ ...form, origin: 'https://ilmo.test' }), url('/events/x'))
		).toBe(false);
		expect(
			isForbiddenCrossSiteForm(post({ 'content-type': 'application/json' }), url('/events/x'))
		).toBe(false);
		expect(isForbiddenCrossSiteForm(new Request('https://ilmo.test/'), url('/events/x'))).toBe(
			false
		);
	});

	it('refuses form posts from another origin or none, for every form type and unsafe method', () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'text/plain;charset=UTF-8'
		]) {
			expect(
				isForbiddenCrossSiteForm(
					post({ 'content-type': type, origin: 'https://evil.test' }),
					url('/events/x')
				)
			).toBe(true);
			expect(isForbiddenCrossSiteForm(post({ 'content-type': type }), url('/staff/login'))).toBe(
				true
			);
		}
		expect(
			isForbiddenCrossSiteForm(post({ ...form, origin: 'null' }, 'PUT'), url('/manage/abc'))
		).toBe(true);
	});

	it('exempts only the one-click unsubscribe link', () => {
		expect(isForbiddenCrossSiteForm(post(form), url('/unsubscribe/abc'))).toBe(false);
		expect(isForbiddenCrossSiteForm(post(form), url('/en/unsubscribe/abc'))).toBe(false);
		expect(isForbiddenCrossSiteForm(post(form), url('/sv/unsubscribe/abc'))).toBe(false);
		expect(isForbiddenCrossSiteForm(post(form), url('/de/unsubscribe/abc'))).toBe(true);
		expect(isForbiddenCrossSiteForm(post(form), url('/unsubscribe/abc/more'))).toBe(true);
		expect(isForbiddenCrossSiteForm(post(form), url('/manage/unsubscribe/abc'))).toBe(true);
		expect(isForbiddenCrossSiteForm(post(form), url('/consent/abc'))).toBe(true);
	});
});
