import { describe, expect, it } from 'vitest';
import { actorText, describeEvent } from './describe';

const names = (type: string, id: string) => `<${type} ${id}>`;

describe('audit events as sentences', () => {
	it('reads a list view as a sentence in both languages, not as key: value', () => {
		const details = { filter: 'all', page: 1, searched: false };
		expect(describeEvent('permissions.listed', details, names, 'en')).toBe(
			'Listed marketing permissions, filter: all, page 1, no search'
		);
		expect(describeEvent('permissions.listed', details, names, 'fi')).toBe(
			'Markkinointilupia katsottu, rajaus: kaikki, sivu 1, ilman hakua'
		);
		expect(
			describeEvent(
				'attendees.viewed',
				{ view: 'list', status: 'waitlisted', page: 2, searched: true },
				names,
				'fi'
			)
		).toBe(
			'Osallistujatietoja katsottu, näkymä: osallistujalista, tila: jonossa, sivu 2, hakusanalla'
		);
	});

	it('names the records details point at through what the reader may see', () => {
		expect(
			describeEvent(
				'registration.cancelled_by_staff',
				{ eventId: 'e1', was: 'confirmed', promotedId: 'r2' },
				names,
				'en'
			)
		).toBe(
			'Cancelled a registration, event: <event e1>, status before: confirmed, moved up in their place: <registration r2>'
		);
	});

	it('translates option values, files, capacity and dates', () => {
		expect(
			describeEvent(
				'attendees.exported',
				{ status: 'all', format: 'csv', separator: ';' },
				names,
				'fi'
			)
		).toBe('Osallistujat viety tiedostoon, tila: kaikki, tiedosto: CSV, erotin: puolipiste');
		expect(
			describeEvent('event.capacity_changed', { from: 20, to: 25, promoted: 3 }, names, 'en')
		).toBe("Changed an event's capacity, seats 20 → 25, 3 moved up from the waitlist");
		expect(
			describeEvent('staff.second_factor_passed', { method: 'recoveryCode' }, names, 'fi')
		).toBe('Kirjautumisen toinen vaihe hyväksytty, tapa: varakoodi');
		// An audit filter's `to` is the start of the next day: the sentence shows the last day asked for.
		expect(
			describeEvent(
				'audit.viewed',
				{ from: '2025-03-28T22:00:00.000Z', to: '2025-03-30T21:00:00.000Z', page: 1 },
				names,
				'fi'
			)
		).toBe('Käsittelylokia katsottu, alkaen 29.3.2025, päättyen 30.3.2025, sivu 1');
	});

	it('names changed fields and filtered actions in words', () => {
		expect(
			describeEvent(
				'registration.updated_by_staff',
				{ fields: ['email', 'postalCode'] },
				names,
				'fi'
			)
		).toBe('Ilmoittautujan tietoja korjattu, kentät: sähköposti, postinumero');
		expect(
			describeEvent('audit.viewed', { action: 'staff.signed_in', position: 'older' }, names, 'en')
		).toBe('Viewed the audit trail, action: Signed in, older events');
		expect(
			describeEvent('audit.exported', { action: 'contact.', format: 'xlsx' }, names, 'fi')
		).toBe('Käsittelyloki viety tiedostoon, toiminto: contact.*, tiedosto: Excel (.xlsx)');
	});

	it('keeps what it has no words for readable: unknown keys and retired actions as stored', () => {
		expect(describeEvent('retired.action', { odd: 'x', n: 2 }, names, 'en')).toBe(
			'retired.action, odd: x, n: 2'
		);
		expect(describeEvent('person.erased', { journalId: 'j1', registrations: 2 }, names, 'en')).toBe(
			"Erased a person's data, 2 registrations"
		);
		expect(describeEvent('staff.signed_out', null, names, 'fi')).toBe('Kirjautui ulos');
	});

	it('names actors without an account by kind', () => {
		expect(actorText({ actorName: 'Anna Admin', actorKind: 'staff' }, 'fi')).toBe('Anna Admin');
		expect(actorText({ actorName: null, actorKind: 'system' }, 'en')).toBe('System');
		expect(actorText({ actorName: null, actorKind: 'robot' }, 'en')).toBe('robot');
	});
});
