import { describe, expect, it } from 'vitest';
import { formatLocalEventTime, parseLocalEventTime } from '../datetime';
import { eventSchema, toEventFields, toEventFormData } from './event';
import { eventSchema as serverEventSchema } from '../server/events/schemas';

const valid = {
	titleFi: 'Avoimet ovet',
	titleSv: 'Öppet hus',
	titleEn: 'Open house',
	descriptionFi: '',
	descriptionSv: '',
	descriptionEn: '',
	startsAt: '2026-12-10T10:00',
	endsAt: '2026-12-10T14:30',
	location: 'Pollenkuja 6, Turku',
	capacity: 20,
	registrationOpensAt: '',
	registrationClosesAt: '',
	phonePolicy: 'optional',
	addressPolicy: 'hidden',
	retentionDays: 90,
	waitlistMode: 'automatic',
	offerHours: 24,
	contactName: '',
	contactEmail: '',
	contactPhone: '',
	notifyRegistrants: false
};

const errorsOf = (input: Record<string, unknown>) => {
	const result = eventSchema.safeParse({ ...valid, ...input });
	return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
};

describe('Finnish local time', () => {
	it.each([
		['2026-12-10T10:00', '2026-12-10T08:00:00.000Z'],
		['2026-07-01T12:30', '2026-07-01T09:30:00.000Z'],
		['2026-10-25T03:30', '2026-10-25T00:30:00.000Z'],
		['2026-10-25T04:30', '2026-10-25T02:30:00.000Z']
	])('reads %s as %s, whatever the zone of the machine', (local, utc) => {
		expect(parseLocalEventTime(local)?.toISOString()).toBe(utc);
		expect(formatLocalEventTime(new Date(utc))).toBe(local);
	});

	it('reads a time in the spring-forward gap with the winter offset', () => {
		expect(parseLocalEventTime('2026-03-29T03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
	});

	it.each(['', 'x', '2026-02-31T10:00', '2026-12-10T24:00', '2026-12-10 10:00'])(
		'refuses %j',
		(value) => expect(parseLocalEventTime(value)).toBeNull()
	);
});

describe('eventSchema', () => {
	it('accepts a complete event and converts its times', () => {
		const result = eventSchema.safeParse({ ...valid, titleFi: '  Avoimet ovet ' });
		expect(result.success).toBe(true);
		const fields = toEventFields(result.data!);
		expect(fields).toMatchObject({
			titleFi: 'Avoimet ovet',
			startsAt: new Date('2026-12-10T08:00:00Z'),
			registrationOpensAt: null
		});
		expect(toEventFormData(fields)).toEqual(valid);
	});

	it('lets staff leave the Swedish and English texts out: those pages show the Finnish', () => {
		expect(errorsOf({ titleSv: ' ', titleEn: '', descriptionSv: '', descriptionEn: '' })).toEqual(
			{}
		);
	});

	it.each([
		[{ titleSv: 'x'.repeat(201) }, { titleSv: 'tooLong' }],
		[{ titleFi: ' ' }, { titleFi: 'required' }],
		[{ titleEn: 'x'.repeat(201) }, { titleEn: 'tooLong' }],
		[{ startsAt: '' }, { startsAt: 'required' }],
		[{ startsAt: '2026-13-01T10:00' }, { startsAt: 'dateInvalid' }],
		[{ endsAt: '2026-12-10T09:00' }, { endsAt: 'endsBeforeStart' }],
		[{ endsAt: '2026-12-10T10:00' }, { endsAt: 'endsBeforeStart' }],
		[{ capacity: -1 }, { capacity: 'capacityInvalid' }],
		[{ capacity: 2.5 }, { capacity: 'capacityInvalid' }],
		[{ retentionDays: 3651 }, { retentionDays: 'retentionInvalid' }],
		[{ capacity: null }, { capacity: 'required' }],
		[{ phonePolicy: 'sometimes' }, { phonePolicy: 'policyInvalid' }],
		[
			{ registrationOpensAt: '2026-12-01T10:00', registrationClosesAt: '2026-12-01T09:00' },
			{ registrationClosesAt: 'closesBeforeOpens' }
		],
		[{ registrationClosesAt: '2026-12-10T15:00' }, { registrationClosesAt: 'closesAfterEnd' }],
		[{ registrationOpensAt: '2026-12-11T10:00' }, { registrationOpensAt: 'opensAfterEnd' }],
		[{ waitlistMode: 'lottery' }, { waitlistMode: 'policyInvalid' }],
		[{ offerHours: 0 }, { offerHours: 'offerHoursInvalid' }],
		[{ offerHours: 337 }, { offerHours: 'offerHoursInvalid' }],
		[{ offerHours: '' }, { offerHours: 'required' }],
		[{ contactEmail: 'kaisa@' }, { contactEmail: 'email' }],
		[{ contactPhone: 'soita' }, { contactPhone: 'phoneInvalid' }],
		[{ contactName: 'x'.repeat(201) }, { contactName: 'tooLong' }]
	])('%o → %o', (input, errors) => {
		expect(errorsOf(input)).toEqual(errors);
	});

	it('takes a contact person and the offer mode, all optional but the mode', () => {
		const result = eventSchema.safeParse({
			...valid,
			waitlistMode: 'offer',
			offerHours: '336',
			contactName: ' Kaisa Koulu ',
			contactEmail: 'kaisa.koulu@wetteri.test',
			contactPhone: '040 123 4567'
		});
		expect(result.data).toMatchObject({
			waitlistMode: 'offer',
			offerHours: 336,
			contactName: 'Kaisa Koulu',
			contactPhone: '040 123 4567'
		});
		expect(toEventFields(result.data!)).not.toHaveProperty('notifyRegistrants');
	});

	it("refuses on the server a contact's phone number that cannot exist", () => {
		const errors = (phone: string) =>
			serverEventSchema
				.safeParse({ ...valid, contactPhone: phone })
				.error?.issues.map((i) => [i.path.join('.'), i.message]);
		expect(errors('040 123 4567')).toBeUndefined();
		expect(errors('040 1')).toEqual([['contactPhone', 'phoneInvalid']]);
	});

	it('checks the order of times even while another field is wrong', () => {
		expect(errorsOf({ titleFi: '', endsAt: '2026-12-09T10:00' })).toEqual({
			titleFi: 'required',
			endsAt: 'endsBeforeStart'
		});
	});
});
