import { describe, expect, it } from 'vitest';
import { createIcs } from './ics';

const base = {
	uid: 'reg-1@ilmo',
	title: 'Avoimet ovet, Turku; kahvit',
	description: 'Rivi 1\nRivi 2',
	location: 'Pollenkuja 6, Turku',
	startsAt: new Date('2026-12-10T08:00:00Z'),
	endsAt: new Date('2026-12-10T12:30:00Z'),
	url: 'http://localhost/events/open-house',
	organizer: { name: 'Wetteri Trucks Oy', email: 'events@wetteritrucks.fi' }
};

describe('createIcs', () => {
	it('writes a VEVENT in UTC with escaped text and CRLF line ends', () => {
		const ics = createIcs(base, new Date('2026-11-24T10:00:00Z'));
		expect(ics).toContain('BEGIN:VEVENT\r\n');
		expect(ics).toContain('DTSTART:20261210T080000Z\r\n');
		expect(ics).toContain('DTEND:20261210T123000Z\r\n');
		expect(ics).toContain('SUMMARY:Avoimet ovet\\, Turku\\; kahvit\r\n');
		expect(ics).toContain('DESCRIPTION:Rivi 1\\nRivi 2\r\n');
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
	});

	it('folds long lines at 75 octets without splitting a character', () => {
		const ics = createIcs({ ...base, description: 'ä'.repeat(100) });
		const lines = ics.split('\r\n');
		for (const line of lines) {
			expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		}
		const unfolded = ics.replace(/\r\n /g, '').split('\r\n');
		const description = unfolded.find((line) => line.startsWith('DESCRIPTION:'));
		expect(description).toBe('DESCRIPTION:' + 'ä'.repeat(100));
	});
});
