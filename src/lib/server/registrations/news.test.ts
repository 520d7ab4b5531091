import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import { emailOutbox, marketingConsentRequest, marketingPermission } from '../db/schema';
import { recordDecision, requestEmailConsent, stateOf } from '../permissions';
import { register } from './index';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';

describe.each(DATABASE_KINDS)('the news choice on the sign-up form on %s', (kind) => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	async function signUp(newsByEmail: boolean, email?: string) {
		const data = makeSignup(email ? { email } : {});
		const result = await register(database.db, {
			event: await makeEvent(database.db),
			data,
			askNewsConsent: newsByEmail ? requestEmailConsent : undefined,
			locale: 'fi',
			origin: ORIGIN,
			organizer: ORGANIZER
		});
		if (!result.ok) throw new Error(result.reason);
		return { ...result, email: data.email };
	}

	const requestsTo = (email: string) =>
		database.db
			.select()
			.from(marketingConsentRequest)
			.where(eq(marketingConsentRequest.email, email));
	const consentMails = async (email: string) =>
		(
			await database.db
				.select()
				.from(emailOutbox)
				.where(eq(emailOutbox.template, 'marketing.consent'))
		).filter((row) => row.message?.to === email);

	it('sends nothing and records nothing when the box is left unticked', async () => {
		const { email } = await signUp(false);
		expect(await requestsTo(email)).toHaveLength(0);
		expect(await consentMails(email)).toHaveLength(0);
	});

	it('starts a double opt-in when ticked, but records no consent until the link is used', async () => {
		const { email, registrationId } = await signUp(true);
		expect(registrationId).toBeTruthy();
		const [request] = await requestsTo(email);
		expect(request).toMatchObject({ channel: 'email', confirmedAt: null });
		const [mail] = await consentMails(email);
		expect(mail?.message?.text).toContain(`${ORIGIN}/consent/`);
		expect(
			await database.db
				.select()
				.from(marketingPermission)
				.where(eq(marketingPermission.personId, request!.personId))
		).toHaveLength(0);
		expect((await stateOf(database.db, request!.personId)).email.decision).toBe('not_asked');
	});

	it('sends no consent mail to someone who prohibited marketing, and says nothing different', async () => {
		const first = await signUp(false);
		const [request] = await requestsTo(first.email);
		expect(request).toBeUndefined();
		const { personId } = (await database.db.query.registration.findFirst({
			where: (r, { eq: equals }) => equals(r.id, first.registrationId)
		}))!;
		await recordDecision(database.db, {
			personId,
			channel: 'all',
			decision: 'prohibited',
			source: 'manage',
			recordedBy: { kind: 'person' }
		});
		const again = await signUp(true, first.email);
		expect(again.ok).toBe(true);
		expect(await requestsTo(first.email)).toHaveLength(0);
		expect(await consentMails(first.email)).toHaveLength(0);
	});
});
