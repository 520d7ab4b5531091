import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import { eventSchema } from './event';
import { extendRequestSchema } from './requests';
import { staffSettingsSchema } from './staff-user';

// The text a browser posts, read the way the actions read it: superValidate on the form data.
const eventForm = (fields: Record<string, string>) => {
	const form = new FormData();
	const values = {
		titleFi: 'Avoimet ovet',
		titleEn: 'Open house',
		descriptionFi: '',
		descriptionEn: '',
		startsAt: '2026-12-10T10:00',
		endsAt: '2026-12-10T14:30',
		location: 'Pollenkuja 6, Turku',
		capacity: '20',
		registrationOpensAt: '',
		registrationClosesAt: '',
		phonePolicy: 'optional',
		addressPolicy: 'hidden',
		retentionDays: '90',
		waitlistMode: 'automatic',
		offerHours: '24',
		contactName: '',
		contactEmail: '',
		contactPhone: '',
		...fields
	};
	for (const [name, value] of Object.entries(values)) form.set(name, value);
	return superValidate(form, zod4(eventSchema));
};

const NOT_WHOLE_NUMBERS = [
	'1e5',
	'0x10',
	'1.0',
	'2.5',
	'+5',
	'-1',
	'-0',
	'5 5',
	'Infinity',
	'１２',
	'12abc',
	'1'.repeat(40)
];

describe('whole-number fields as a form posts them', () => {
	it.each(NOT_WHOLE_NUMBERS)('refuses the capacity %j with the capacity message', async (text) => {
		const form = await eventForm({ capacity: text });
		expect(form.valid).toBe(false);
		expect(form.errors.capacity).toEqual(['capacityInvalid']);
	});

	it.each(NOT_WHOLE_NUMBERS)(
		'refuses the retention %j with the retention message',
		async (text) => {
			const form = await eventForm({ retentionDays: text });
			expect(form.valid).toBe(false);
			expect(form.errors.retentionDays).toEqual(['retentionInvalid']);
		}
	);

	it('still checks the fields against each other when a number is refused', async () => {
		const form = await eventForm({ retentionDays: '5000', endsAt: '2026-12-09T10:00' });
		expect(form.errors.retentionDays).toEqual(['retentionInvalid']);
		expect(form.errors.endsAt).toEqual(['endsBeforeStart']);
	});

	it('reads digits with spaces around them', async () => {
		const form = await eventForm({ capacity: ' 12 ', retentionDays: '\t30\n' });
		expect(form.valid).toBe(true);
		expect(form.data).toMatchObject({ capacity: 12, retentionDays: 30 });
	});

	it('asks for an emptied field instead of reading it as 0', async () => {
		const form = await eventForm({ capacity: '', retentionDays: '  ' });
		expect(form.errors).toMatchObject({ capacity: ['required'], retentionDays: ['required'] });
	});

	it('keeps the limits', async () => {
		expect((await eventForm({ capacity: '100000' })).valid).toBe(true);
		expect((await eventForm({ capacity: '100001' })).errors.capacity).toEqual(['capacityInvalid']);
		expect((await eventForm({ retentionDays: '3651' })).errors.retentionDays).toEqual([
			'retentionInvalid'
		]);
	});

	it('opens the form with the numbers it was given', async () => {
		const form = await superValidate({ capacity: 20, retentionDays: 90 }, zod4(eventSchema), {
			errors: false
		});
		expect(form.data).toMatchObject({ capacity: 20, retentionDays: 90 });
	});

	it('reads an extension of one or two months and nothing else', async () => {
		const extend = (months?: string) => {
			const form = new FormData();
			if (months !== undefined) form.set('months', months);
			form.set('reason', 'The request is complex.');
			return superValidate(form, zod4(extendRequestSchema));
		};
		expect((await extend('2')).data.months).toBe(2);
		expect((await extend()).data.months).toBe(1);
		for (const months of ['1e0', '2.5', '+1', '0x1', '3']) {
			const form = await extend(months);
			expect(form.valid, months).toBe(false);
			expect(form.errors.months, months).toEqual(['required']);
		}
	});

	it('reads the door window in whole hours from 1 to 168 and nothing else', async () => {
		const settings = (hours: string) => {
			const form = new FormData();
			form.set('requireTotpAdmins', 'on');
			form.set('doorWindowHours', hours);
			return superValidate(form, zod4(staffSettingsSchema));
		};
		expect((await settings(' 24 ')).data.doorWindowHours).toBe(24);
		for (const hours of ['1e2', '0x10', '2.5', '+3', '0', '169', '']) {
			const form = await settings(hours);
			expect(form.valid, hours).toBe(false);
			expect(form.errors.doorWindowHours, hours).toEqual(['range']);
		}
	});
});
