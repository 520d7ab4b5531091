import { describe, expect, it, vi } from 'vitest';
import { outcome } from '$tests/route-outcome';
import { actions as newContact } from './contacts/new/+page.server';
import { actions as editContact } from './contacts/[id]/edit/+page.server';
import { actions as newOrganisation } from './organisations/new/+page.server';
import { actions as editOrganisation } from './organisations/[id]/edit/+page.server';
import { actions as newRequest } from './requests/+page.server';

// Signed in with every right; a form refused by its schema never reaches the database.
vi.mock('$lib/server/auth/guard', () => ({
	requireStaff: () => ({ id: 'u', email: 'a@wetteri.fi', displayName: 'A', role: 'admin' })
}));
vi.mock('$lib/server/db/database', () => ({
	db: async () => {
		throw new Error('a refused form must not reach the database');
	}
}));

type Action = (event: never) => unknown;

/** `fields` posted without JavaScript; the field errors of the answer. */
async function errorsOf(action: Action | undefined, fields: Record<string, string>) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const request = new Request('http://ilmo.test/staff/form', { method: 'POST', body });
	const event = { request, params: { id: '00000000-0000-4000-8000-000000000000' } };
	const ended = await outcome(() => action!(event as never));
	expect(ended).toMatchObject({ kind: 'data', value: { status: 400 } });
	const value = (ended as { value: { data: { form: { errors: Record<string, unknown> } } } }).value;
	return value.data.form.errors;
}

// 12345 has the characters of a phone number but is no number anywhere: only libphonenumber knows.
const contact = { firstName: '', lastName: 'Korhonen', phone: '12345', basis: 'consent' };
const organisation = { name: '', phone: '12345', customerStatus: 'prospect' };

describe('the staff forms report a number that cannot exist in the same answer as other errors', () => {
	it.each([
		['a new contact', newContact.default],
		['a contact edited', editContact.save]
	])('%s', async (_, action) => {
		expect(await errorsOf(action, contact)).toEqual({
			firstName: ['required'],
			phone: ['phoneInvalid']
		});
	});

	it.each([
		['a new organisation', newOrganisation.default],
		['an organisation edited', editOrganisation.save]
	])('%s', async (_, action) => {
		expect(await errorsOf(action, organisation)).toEqual({
			name: ['required'],
			phone: ['phoneInvalid']
		});
	});

	it('a new request', async () => {
		const request = { kind: '', channel: 'phone', phone: '12345' };
		expect(await errorsOf(newRequest.default, request)).toEqual({
			kind: ['required'],
			phone: ['phoneInvalid']
		});
	});
});
