import { describe, expect, it } from 'vitest';
import { IMAGE_FORM_OVERHEAD, maxUploadBytes } from './limit';
import { MAX_IMAGE_BYTES } from './process';

describe('maxUploadBytes', () => {
	it('leaves room for the form under the default 512K body limit', () => {
		expect(maxUploadBytes(512 * 1024)).toBe(512 * 1024 - IMAGE_FORM_OVERHEAD);
	});

	it('is our own 8 MB cap once the body limit allows it with the form around it', () => {
		expect(maxUploadBytes(10 * 1024 * 1024)).toBe(MAX_IMAGE_BYTES);
		expect(maxUploadBytes(Infinity)).toBe(MAX_IMAGE_BYTES);
		expect(maxUploadBytes(MAX_IMAGE_BYTES)).toBe(MAX_IMAGE_BYTES - IMAGE_FORM_OVERHEAD);
	});

	it('never goes negative under a tiny body limit', () => {
		expect(maxUploadBytes(1024)).toBe(0);
	});
});
