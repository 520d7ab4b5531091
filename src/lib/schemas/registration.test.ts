import { describe, expect, it } from 'vitest';
import { signupSchema, signupSchemaFor } from './registration';

const valid = {
	firstName: 'Aino',
	lastName: 'Virtanen',
	email: 'aino@example.fi',
	phone: '',
	street: '',
	postalCode: '',
	city: ''
};

const errorsOf = (result: ReturnType<typeof signupSchema.safeParse>) =>
	Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('signupSchema', () => {
	it('trims values and accepts optional fields left empty', () => {
		const result = signupSchema.safeParse({ ...valid, firstName: '  Aino  ', email: ' a@b.fi ' });
		expect(result.success).toBe(true);
		expect(result.data).toMatchObject({ firstName: 'Aino', email: 'a@b.fi' });
	});

	it.each([
		[{ firstName: '' }, { firstName: 'required' }],
		[{ lastName: '   ' }, { lastName: 'required' }],
		[{ firstName: 'x'.repeat(101) }, { firstName: 'tooLong' }],
		[{ email: 'aino@example' }, { email: 'emailInvalid' }],
		[{ email: 'aino.example.fi' }, { email: 'emailInvalid' }],
		[{ phone: 'abc' }, { phone: 'phoneInvalid' }],
		[{ postalCode: '2038' }, { postalCode: 'postalCodeInvalid' }],
		[{ postalCode: '20380a' }, { postalCode: 'postalCodeInvalid' }]
	])('reports %o as %o', (change, expected) => {
		expect(errorsOf(signupSchema.safeParse({ ...valid, ...change }))).toEqual(expected);
	});

	it('turns control characters into spaces, so NUL never reaches the database', () => {
		const result = signupSchema.safeParse({
			...valid,
			firstName: 'Ai\u0000no\u001b',
			city: '\u0000'
		});
		expect(result.data).toMatchObject({ firstName: 'Ai no', city: '' });
		expect(errorsOf(signupSchema.safeParse({ ...valid, lastName: '\u0000\u0007' }))).toEqual({
			lastName: 'required'
		});
	});

	it('asks again for text that arrived damaged: replacement characters and lone surrogates', () => {
		for (const lastName of ['Kor\ufffd\ufffdnen', 'Kor\ud800nen', 'Kor\udc00nen']) {
			expect(errorsOf(signupSchema.safeParse({ ...valid, lastName })), lastName).toEqual({
				lastName: 'unreadable'
			});
		}
		// A whole emoji is a surrogate pair, which is readable text.
		expect(signupSchema.safeParse({ ...valid, city: 'Oulu 🚚' }).success).toBe(true);
	});

	it('requires the fields an event marks required, and only those', () => {
		const strict = signupSchemaFor({ phonePolicy: 'required', addressPolicy: 'required' });
		expect(errorsOf(strict.safeParse(valid))).toEqual({
			phone: 'required',
			street: 'required',
			postalCode: 'required',
			city: 'required'
		});
		const relaxed = signupSchemaFor({ phonePolicy: 'optional', addressPolicy: 'hidden' });
		expect(relaxed.safeParse(valid).success).toBe(true);
	});

	it('returns the same schema object for the same policies, as superforms caches by identity', () => {
		const a = signupSchemaFor({ phonePolicy: 'required', addressPolicy: 'hidden' });
		const b = signupSchemaFor({ phonePolicy: 'required', addressPolicy: 'hidden' });
		expect(a).toBe(b);
	});

	it('ignores unknown fields', () => {
		const result = signupSchema.safeParse({ ...valid, isAdmin: 'yes', website: 'x' });
		expect(result.success).toBe(true);
		expect(Object.keys(result.data!)).not.toContain('isAdmin');
	});
});
