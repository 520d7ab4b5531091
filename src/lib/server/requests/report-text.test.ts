import { describe, expect, it } from 'vitest';
import type { AccessReport } from './report';
import { reportText } from './report-text';

const report = {
	registrations: [
		{
			event: {
				titleFi: 'Avoimet ovet',
				titleEn: 'Open house',
				titleSv: 'Öppet hus',
				startsAt: '2026-12-10T08:00:00.000Z',
				location: 'Pollenkuja 6, Turku'
			},
			firstName: 'Åsa',
			lastName: 'Lind',
			email: 'asa@example.fi',
			phone: null,
			street: null,
			postalCode: null,
			city: null,
			status: 'waitlisted',
			registeredAt: '2026-12-01T08:00:00.000Z',
			checkedInAt: null,
			remindersEnabled: true,
			openOffer: { expiresAt: '2026-12-09T08:00:00.000Z' },
			remindersSent: [],
			messagesReceived: [],
			checkIns: [],
			ticket: null,
			deletedAfter: '2027-03-10T08:00:00.000Z'
		},
		{
			event: {
				titleFi: 'Kuorma-automessut',
				titleEn: 'Truck show',
				titleSv: 'Lastbilsmässa',
				startsAt: '2026-11-10T08:00:00.000Z',
				location: 'Turku'
			},
			firstName: 'Åsa',
			lastName: 'Lind',
			email: 'asa@example.fi',
			phone: null,
			street: null,
			postalCode: null,
			city: null,
			status: 'confirmed',
			registeredAt: '2026-11-01T08:00:00.000Z',
			checkedInAt: '2026-11-10T08:05:00.000Z',
			remindersEnabled: false,
			openOffer: null,
			remindersSent: [],
			messagesReceived: [],
			checkIns: [
				{ at: '2026-11-10T08:05:00.000Z', source: 'scan', outcome: 'accepted' },
				{ at: '2026-11-10T08:06:00.000Z', source: 'offline', outcome: 'duplicate' }
			],
			ticket: { state: 'valid', version: 1, codeSha256: 'ab'.repeat(32) },
			deletedAfter: '2027-02-10T08:00:00.000Z'
		}
	],
	contacts: [],
	organisations: [],
	marketing: { current: { email: { decision: 'granted', since: null } }, history: [] },
	consentRequests: [],
	requests: [],
	activity: [],
	groupsBooked: [],
	enteredByOthers: [],
	activeLinks: 1,
	privacyNotice: { url: 'http://ilmo.test/sv/privacy', version: '2024-06-10.2' }
} as unknown as AccessReport;

describe('reportText', () => {
	it('writes the access report in Swedish, with the Swedish event title', () => {
		const text = reportText(report, 'sv');
		expect(text).toContain('== Anmälningar till evenemang ==');
		expect(text).toContain('Öppet hus (');
		expect(text).toContain('Status: i kö');
		expect(text).toContain('Påminnelser om evenemanget: på');
		expect(text).toContain('Öppet erbjudande om plats, svara senast: ');
		expect(text).toContain('- e-post: tillåtet');
		expect(text).toContain('Dataskyddsbeskrivning: http://ilmo.test/sv/privacy');
		expect(text).not.toContain('Avoimet ovet');
	});

	it('lists the check-ins at the door and the ticket in each language, without the hash', () => {
		const sv = reportText(report, 'sv');
		expect(sv).toContain('Incheckningar vid ingången:');
		expect(sv).toMatch(/- .+: registrerad som anländ \(biljetten lästes\)/);
		expect(sv).toMatch(/- .+: redan registrerad \(dörrenhet utan nätförbindelse\)/);
		expect(sv).toContain('Biljett: giltig (version 1); biljettens kod sparas inte');
		const fi = reportText(report, 'fi');
		expect(fi).toContain('Sisäänkirjaukset ovella:');
		expect(fi).toMatch(/- .+: kirjattu saapuneeksi \(lipun luku\)/);
		expect(fi).toContain('Lippu: voimassa (versio 1)');
		const en = reportText(report, 'en');
		expect(en).toMatch(/- .+: already checked in \(door device offline\)/);
		expect(en).toContain('Ticket: valid (version 1); the code is not stored');
		for (const text of [fi, sv, en]) expect(text).not.toContain('abab');
	});
});
