import { describe, expect, it } from 'vitest';
import { accessReport, findPersonData } from '../requests';
import { reportText } from '../requests/report-text';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';
import { makeGroup } from '$tests/groups';
import { openRegistrationScene } from '$tests/registration-fixtures';

const REPORT_CONTEXT = {
	controller: { name: ORGANIZER.name, address: 'Turku', email: ORGANIZER.email, phone: '+358' },
	origin: ORIGIN
};

describe.each(DATABASE_KINDS)('what a booker entered about someone, on %s', (kind) => {
	const scene = openRegistrationScene(kind);

	it('reports the row entered for an already registered person, with who entered it', async () => {
		const ev = await makeEvent(scene.db);
		const email = `olli.entered.${kind}@example.fi`;
		const own = await scene.signUp(ev, { data: { email, firstName: 'Olli', lastName: 'Oma' } });
		if (!own.ok) throw new Error('refused');
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: 'Kuski', email: `kalle.entered.${kind}@example.fi` },
			attendees: [{ firstName: 'Olli', lastName: 'Kirjoitettu', email: email.toUpperCase() }]
		});
		expect(made.members[0]!.registrationId).toBeNull();

		const report = accessReport(await findPersonData(scene.db, { email }), null, REPORT_CONTEXT);
		expect(report.enteredByOthers).toEqual([
			expect.objectContaining({
				enteredBy: 'Kalle Kuski',
				on: made.group.createdAt.toISOString(),
				firstName: 'Olli',
				lastName: 'Kirjoitettu',
				email: email.toUpperCase()
			})
		]);
		const json = JSON.parse(JSON.stringify(report));
		expect(json.enteredByOthers[0].lastName).toBe('Kirjoitettu');
		const text = reportText(report, 'en');
		expect(text).toContain('Entered by Kalle Kuski on ');
		expect(text).toContain(`: Olli Kirjoitettu, ${email.toUpperCase()}`);
	});
});
