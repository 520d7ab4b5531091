import { describe, expect, it } from 'vitest';
import { declaredTooLarge, readForm, readUpload, sizeText } from './upload';

function upload(content: string | null, headers: Record<string, string> = {}) {
	const form = new FormData();
	if (content !== null) form.set('file', new File([content], 'contacts.csv', { type: 'text/csv' }));
	return new Request('http://ilmo.test/staff/organisations/import?/preview', {
		method: 'POST',
		body: form,
		headers
	});
}

describe('reading the upload', () => {
	it('hands back the bytes of the file', async () => {
		const result = await readUpload(upload('nimi\nÄijälä Oy\n'), 1024);
		expect(result.ok && new TextDecoder().decode(result.bytes)).toBe('nimi\nÄijälä Oy\n');
	});

	it('refuses a body declared larger than the limit without reading it', async () => {
		let read = false;
		// No high-water mark: the stream is pulled only when someone reads it.
		const body = new ReadableStream(
			{
				pull() {
					read = true;
					throw new Error('must not be read');
				}
			},
			{ highWaterMark: 0 }
		);
		const request = new Request('http://ilmo.test/', {
			method: 'POST',
			body,
			headers: { 'content-length': '2048', 'content-type': 'multipart/form-data; boundary=x' },
			duplex: 'half'
		} as RequestInit);
		expect(await readForm(request, 1024)).toEqual({ ok: false, status: 413, error: 'tooLarge' });
		expect(read).toBe(false);
	});

	it.each(['1e3', '0x10', '1.0', 'Infinity', '9'.repeat(20)])(
		'counts a declared length of %j as too large, not as a small number',
		(declared) => {
			const request = new Request('http://ilmo.test/', {
				method: 'POST',
				headers: { 'content-length': declared }
			});
			expect(declaredTooLarge(request, 1024)).toBe(true);
		}
	);

	it('reads a plain declared length', () => {
		const request = (declared: string) =>
			new Request('http://ilmo.test/', { method: 'POST', headers: { 'content-length': declared } });
		expect(declaredTooLarge(request('1000'), 1024)).toBe(false);
		expect(declaredTooLarge(request('2048'), 1024)).toBe(true);
	});

	it('answers 413 when adapter-node stops the body at its limit', async () => {
		// adapter-node errors the body stream with a SvelteKitError whose status is 413.
		const body = new ReadableStream({
			start(controller) {
				controller.error(Object.assign(new Error('Payload Too Large'), { status: 413 }));
			}
		});
		const request = new Request('http://ilmo.test/', {
			method: 'POST',
			body,
			headers: { 'content-type': 'multipart/form-data; boundary=x' },
			duplex: 'half'
		} as RequestInit);
		expect(await readForm(request, Infinity)).toEqual({
			ok: false,
			status: 413,
			error: 'tooLarge'
		});
	});

	it('tells a missing file and an unreadable form apart', async () => {
		expect(await readUpload(upload(null), 1024)).toEqual({
			ok: false,
			status: 400,
			error: 'noFile'
		});
		expect(await readUpload(upload(''), 1024)).toMatchObject({ error: 'noFile' });
		const broken = new Request('http://ilmo.test/', {
			method: 'POST',
			body: 'not multipart',
			headers: { 'content-type': 'multipart/form-data; boundary=x' }
		});
		expect(await readForm(broken, 1024)).toEqual({ ok: false, status: 400, error: 'unreadable' });
	});

	it('states the limit in the staff member’s language', () => {
		expect(sizeText(512 * 1024, 'fi')).toBe('512 kt');
		expect(sizeText(512 * 1024, 'en')).toBe('512 kB');
		expect(sizeText(10 * 1024 * 1024, 'en')).toBe('10 MB');
		expect(sizeText(1536 * 1024, 'fi')).toBe('1,5 Mt');
		expect(sizeText(Infinity, 'fi')).toBeNull();
	});
});
