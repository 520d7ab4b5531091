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
			deletedAfter: '2027-03-10T08:00:00.000Z'
		}
	],
	contacts: [],
	organisations: [],
	marketing: { current: { email: { decision: 'granted', since: null } }, history: [] },
	consentRequests: [],
	requests: [],
	activity: [],
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
});
