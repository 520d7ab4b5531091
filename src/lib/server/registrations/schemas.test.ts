import { describe, expect, it } from 'vitest';
import { signupSchemaFor as browserSchemaFor } from '../../schemas/registration';
import { detailsSchemaFor, publicSignupSchemaFor, signupSchemaFor } from './schemas';

const policies = { phonePolicy: 'optional', addressPolicy: 'optional' } as const;
const valid = {
	firstName: 'Eero',
	lastName: 'Korhonen',
	email: 'eero@example.fi',
	phone: '',
	street: '',
	postalCode: '',
	city: ''
};

type Parsed = { error?: { issues: { path: PropertyKey[]; message: string }[] } };
const errorsOf = (result: Parsed) =>
	Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('the server schemas', () => {
	it('report a number that cannot exist together with every other error, in one answer', () => {
		const input = { ...valid, lastName: '', email: 'eero.example.fi', phone: '12345' };
		const expected = { lastName: 'required', email: 'emailInvalid', phone: 'phoneInvalid' };
		expect(errorsOf(signupSchemaFor(policies).safeParse(input))).toEqual(expected);
		expect(errorsOf(publicSignupSchemaFor(policies).safeParse(input))).toEqual(expected);
		expect(errorsOf(detailsSchemaFor(policies).safeParse(input))).toEqual({
			lastName: 'required',
			phone: 'phoneInvalid'
		});
	});

	it('give a number one error, whichever check refuses it', () => {
		const result = signupSchemaFor(policies).safeParse({ ...valid, phone: 'abc' });
		expect(result.error?.issues).toHaveLength(1);
		expect(errorsOf(result)).toEqual({ phone: 'phoneInvalid' });
	});

	it('accept a real number in any usual spelling, and none when the phone is optional', () => {
		for (const phone of ['040 765 4321', '+358 40 765 4321', '040-765 4321', '']) {
			expect(signupSchemaFor(policies).safeParse({ ...valid, phone }).success, phone).toBe(true);
		}
		const required = signupSchemaFor({ ...policies, phonePolicy: 'required' });
		expect(errorsOf(required.safeParse(valid))).toEqual({ phone: 'required' });
	});

	it("are the browser's schemas but for the number check, which the browser cannot make", () => {
		const input = { ...valid, phone: '12345' };
		expect(browserSchemaFor(policies).safeParse(input).success).toBe(true);
		expect(Object.keys(signupSchemaFor(policies).shape)).toEqual(
			Object.keys(browserSchemaFor(policies).shape)
		);
	});
});
