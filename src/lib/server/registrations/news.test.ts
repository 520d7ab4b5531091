import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox, marketingConsentRequest, marketingPermission } from '../db/schema';
import { recordDecision, stateOf } from '../permissions';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORIGIN } from '$tests/factories';
import { openRegistrationScene } from '$tests/registration-fixtures';

describe.each(DATABASE_KINDS)('the news choice on the sign-up form on %s', (kind) => {
	const scene = openRegistrationScene(kind);
	async function signUp(newsByEmail: boolean, email = makeSignup().email) {
		const result = await scene.signUp(await makeEvent(scene.db), { data: { email }, newsByEmail });
		if (!result.ok) throw new Error(result.reason);
		return { ...result, email };
	}

	const requestsTo = (email: string) =>
		scene.db.select().from(marketingConsentRequest).where(eq(marketingConsentRequest.email, email));
	const consentMails = async (email: string) =>
		(
			await scene.db.select().from(emailOutbox).where(eq(emailOutbox.template, 'marketing.consent'))
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
			await scene.db
				.select()
				.from(marketingPermission)
				.where(eq(marketingPermission.personId, request!.personId))
		).toHaveLength(0);
		expect((await stateOf(scene.db, request!.personId)).email.decision).toBe('not_asked');
	});

	it('sends no consent mail to someone who prohibited marketing, and says nothing different', async () => {
		const first = await signUp(false);
		const [request] = await requestsTo(first.email);
		expect(request).toBeUndefined();
		const { personId } = (await scene.db.query.registration.findFirst({
			where: (r, { eq: equals }) => equals(r.id, first.registrationId)
		}))!;
		await recordDecision(scene.db, {
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
