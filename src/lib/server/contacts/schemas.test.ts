import { describe, expect, it } from 'vitest';
import { contactFormSchema as browserContactSchema } from '../../schemas/contacts';
import { contactFormSchema, organisationSchema } from './schemas';

const contact = {
	firstName: 'Eero',
	lastName: 'Korhonen',
	email: '',
	phone: '',
	title: '',
	organisationId: '',
	basis: 'consent'
};
const organisation = {
	name: 'Wetteri Kuljetus Oy',
	businessId: '',
	street: '',
	postalCode: '',
	city: '',
	email: '',
	phone: '',
	notes: ''
};

const phoneErrors = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
	(result.error?.issues ?? []).filter((issue) => issue.path[0] === 'phone').map((i) => i.message);

describe("the contact register's server schemas", () => {
	it('refuse a number that cannot exist, with one error whichever check refuses it', () => {
		for (const phone of ['12345', 'abc']) {
			expect(phoneErrors(contactFormSchema.safeParse({ ...contact, phone })), phone).toEqual([
				'phoneInvalid'
			]);
			expect(phoneErrors(organisationSchema.safeParse({ ...organisation, phone })), phone).toEqual([
				'phoneInvalid'
			]);
		}
	});

	it('accept a real number in any usual spelling, and none', () => {
		for (const phone of ['040 765 4321', '+358 40 765 4321', '02 274 5000', '']) {
			expect(contactFormSchema.safeParse({ ...contact, phone }).success, phone).toBe(true);
			expect(organisationSchema.safeParse({ ...organisation, phone }).success, phone).toBe(true);
		}
	});

	it("are the browser's schemas but for the number check, which the browser cannot make", () => {
		expect(browserContactSchema.safeParse({ ...contact, phone: '12345' }).success).toBe(true);
		expect(Object.keys(contactFormSchema.shape)).toEqual(Object.keys(browserContactSchema.shape));
	});
});
