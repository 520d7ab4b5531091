import { describe, expect, it } from 'vitest';
import type { DoorList, DoorPerson } from '$lib/door';
import { checkInOffline, filterPeople, scanOffline } from './lookup';
import { createDeviceKeys, hashTicketCode, seal, unlockDeviceKey, unseal } from './seal';

const CODE = '0123456789ABCDEFGHJKMNPQRS';
const NOW = new Date('2026-12-07T08:02:00Z');

function person(overrides: Partial<DoorPerson> = {}): DoorPerson {
	return {
		id: '00000000-0000-4000-8000-000000000001',
		firstName: 'Siiri',
		lastName: 'Siemen',
		organisation: null,
		ticketHash: null,
		status: 'confirmed',
		offerPending: false,
		checkedInAt: null,
		...overrides
	};
}

async function listWith(people: DoorPerson[], voidHashes: string[] = []): Promise<DoorList> {
	return {
		event: { id: 'e', title: 'Avoimet ovet', startsAt: '', endsAt: '' },
		wipeAfter: '2026-12-07T21:59:59Z',
		generatedAt: NOW.toISOString(),
		people,
		voidHashes
	};
}

describe('the door device offline', () => {
	it('finds a ticket by its hash, checks it in once, and says "already" the second time', async () => {
		const list = await listWith([person({ ticketHash: await hashTicketCode(CODE) })]);
		const first = await scanOffline(list, [], CODE.toLowerCase(), NOW);
		expect(first.answer).toMatchObject({ outcome: 'checked_in', name: 'Siiri Siemen' });
		expect(first.queued).toEqual({
			registrationId: list.people[0]!.id,
			at: NOW.toISOString(),
			via: 'scan'
		});
		const again = await scanOffline(list, [first.queued!], CODE, NOW);
		expect(again).toEqual({
			answer: expect.objectContaining({ outcome: 'already', checkedInAt: NOW.toISOString() }),
			queued: null
		});
	});

	it('tells a void ticket, an unknown one, a misread one and a seat not held apart', async () => {
		const hash = await hashTicketCode(CODE);
		const list = await listWith([], [hash]);
		expect((await scanOffline(list, [], CODE)).answer.outcome).toBe('cancelled');
		expect((await scanOffline(await listWith([]), [], CODE)).answer.outcome).toBe('unknown');
		expect((await scanOffline(list, [], 'not a code')).answer.outcome).toBe('invalid');
		expect(checkInOffline(person({ status: 'waitlisted' }), [], 'search').answer.outcome).toBe(
			'waitlisted'
		);
		expect(
			checkInOffline(person({ status: 'waitlisted', offerPending: true }), [], 'search').answer
				.outcome
		).toBe('offer_pending');
	});

	it('filters names by the start of any word, in Finnish order', async () => {
		const list = await listWith([
			person({ id: 'b', firstName: 'Äijä', lastName: 'Öhman' }),
			person({ id: 'a', firstName: 'Aino', lastName: 'Ahola', organisation: 'Kuljetus Oy' })
		]);
		expect(filterPeople(list, '').map((p) => p.id)).toEqual(['a', 'b']);
		expect(filterPeople(list, 'kulj').map((p) => p.id)).toEqual(['a']);
		expect(filterPeople(list, 'öh äi').map((p) => p.id)).toEqual(['b']);
	});

	it('answers for a nameless waiting-list entry without a name, and lists no nameless rows', async () => {
		const hash = await hashTicketCode(CODE);
		const waiting = person({
			id: 'w',
			firstName: '',
			lastName: '',
			ticketHash: hash,
			status: 'waitlisted'
		});
		const list = await listWith([waiting, person({ id: 'a' })]);
		const answer = (await scanOffline(list, [], CODE, NOW)).answer;
		expect(answer.outcome).toBe('waitlisted');
		expect(answer).not.toHaveProperty('name');
		expect(filterPeople(list, '').map((p) => p.id)).toEqual(['a']);
		expect(filterPeople(list, 's').map((p) => p.id)).toEqual(['a']);
	});

	it('seals to the device key, and only the PIN opens it', async () => {
		const keys = await createDeviceKeys('246810');
		const sealed = await seal(keys.publicKey, { name: 'Siiri Siemen' });
		expect(new TextDecoder().decode(sealed.data)).not.toContain('Siiri');
		expect(await unlockDeviceKey(keys.lock, '000000')).toBeNull();
		const key = await unlockDeviceKey(keys.lock, '246810');
		expect(await unseal(key!, sealed)).toEqual({ name: 'Siiri Siemen' });
		// A fresh one-time key and IV per write: the same value never seals to the same bytes.
		const again = await seal(keys.publicKey, { name: 'Siiri Siemen' });
		expect(again.iv).not.toEqual(sealed.iv);
		expect(again.data).not.toEqual(sealed.data);
	});
});
