import { describe, expect, it } from 'vitest';
import { localePath, mailOrganizer } from './mail-context';

const controller = {
	name: 'Wetteri Trucks Oy',
	address: 'Pollenkuja 6, 20380 Turku',
	phone: '+358 2 123 4567',
	email: 'tietosuoja@wetteritrucks.fi'
};

describe('mailOrganizer', () => {
	it('names the controller at the address mail is sent from, so calendars accept its updates', () => {
		expect(
			mailOrganizer({ mailFrom: 'Wetteri Trucks <noreply@wetteritrucks.fi>', controller })
		).toEqual({ name: 'Wetteri Trucks Oy', email: 'noreply@wetteritrucks.fi' });
		expect(mailOrganizer({ mailFrom: 'tapahtumat@wetteritrucks.fi', controller }).email).toBe(
			'tapahtumat@wetteritrucks.fi'
		);
	});
});

describe('localePath', () => {
	it('puts Finnish at the root and the other languages under their prefix', () => {
		expect(localePath('fi', '/manage/x')).toBe('/manage/x');
		expect(localePath('sv', '/manage/x')).toBe('/sv/manage/x');
		expect(localePath('en', '/manage/x')).toBe('/en/manage/x');
	});
});
