import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { accessToken, marketingConsentRequest, marketingPermission, wording } from '../db/schema';
import { auditFor, outboxTo } from '$tests/attendees';
import {
	confirmConsent,
	openConsentRequest,
	purgeExpiredConsentRequests,
	requestEmailConsent
} from './consent';
import { historyOf, stateOf } from './ledger';
import {
	mintUnsubscribeToken,
	openUnsubscribe,
	prohibitAllByPerson,
	recordByManage,
	withdrawByPerson
} from './unsubscribe';
import { makePeople } from '$tests/permissions';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { ORGANIZER, ORIGIN } from '$tests/factories';

const DAY_MS = 86_400_000;
const context = { origin: ORIGIN, organizer: ORGANIZER };

describe.each(DATABASE_KINDS)('double opt-in and unsubscribing on %s', (kind) => {
	let database: Database;
	let counter = 0;
	beforeAll(async () => {
		database = await openTestDatabase(kind);
	});
	afterAll(async () => {
		await database?.close();
	});

	async function ask(locale: 'fi' | 'en' = 'fi', now?: Date) {
		const personId = (await makePeople(database.db, 1))[0]!;
		const email = `uutiset.${++counter}@example.fi`;
		const sent = await database.db.transaction((tx) =>
			requestEmailConsent(tx, { personId, email, locale, context, now })
		);
		return { personId, email, sent };
	}

	async function tokenMailedTo(email: string) {
		const mails = await outboxTo(database.db, email);
		const match = /\/consent\/([a-z0-9]+)/.exec(mails.at(-1)?.message?.text ?? '');
		return { mails, token: match?.[1] ?? '' };
	}

	it('writes the grant only when the person confirms from the separate email', async () => {
		const { personId, email, sent } = await ask();
		expect(sent).toBe(true);
		const { mails, token } = await tokenMailedTo(email);
		expect(mails).toHaveLength(1);
		expect(mails[0]!.template).toBe('marketing.consent');
		const text = mails[0]!.message!.text;
		expect(text).toContain(`${ORIGIN}/consent/${token}`);
		expect(text).toContain(ORGANIZER.name);
		expect(text).toContain(ORGANIZER.email);
		expect(text).toMatch(/seitsemän päivää/);
		// A pending request is no permission.
		expect((await stateOf(database.db, personId)).email.decision).toBe('not_asked');

		const view = await openConsentRequest(database.db, token);
		expect(view).toMatchObject({ channel: 'email', email, expired: false, confirmed: false });
		expect(text).toContain(view!.wordingText);

		expect(await confirmConsent(database.db, token)).toBe('granted');
		expect(await confirmConsent(database.db, token)).toBe('already');
		expect((await stateOf(database.db, personId)).email).toMatchObject({
			decision: 'granted',
			basis: 'consent',
			source: 'link',
			mayMarket: true
		});
		const [entry] = await historyOf(database.db, personId);
		expect(entry).toMatchObject({ recordedByPerson: true, staffName: null });
		expect(entry!.wording).toMatchObject({
			version: view!.wordingVersion,
			text: view!.wordingText
		});
		expect((await openConsentRequest(database.db, token))?.confirmed).toBe(true);
		expect(await auditFor(database.db, 'marketing.decision_recorded', personId)).toHaveLength(1);

		// Already given: no second mail.
		const again = await database.db.transaction((tx) =>
			requestEmailConsent(tx, { personId, email, locale: 'fi', context })
		);
		expect(again).toBe(false);
		expect(await outboxTo(database.db, email)).toHaveLength(1);
	});

	it('stores each shown wording once, however many requests refer to it', async () => {
		const first = await ask('en');
		const second = await ask('en');
		const { token } = await tokenMailedTo(second.email);
		expect((await outboxTo(database.db, second.email))[0]!.message!.text).toContain(
			`${ORIGIN}/en/consent/${token}`
		);
		const requests = await database.db
			.select({ wordingId: marketingConsentRequest.wordingId })
			.from(marketingConsentRequest)
			.where(eq(marketingConsentRequest.locale, 'en'));
		expect(requests.length).toBeGreaterThanOrEqual(2);
		expect(new Set(requests.map((r) => r.wordingId)).size).toBe(1);
		const stored = await database.db
			.select()
			.from(wording)
			.where(and(eq(wording.key, 'news_by_email'), eq(wording.locale, 'en')));
		expect(stored).toHaveLength(1);
		expect(first.sent && second.sent).toBe(true);
	});

	it('lets an unconfirmed request expire without writing anything, and purges it', async () => {
		const { personId, email } = await ask('fi', new Date(Date.now() - 8 * DAY_MS));
		const { token } = await tokenMailedTo(email);
		expect((await openConsentRequest(database.db, token))?.expired).toBe(true);
		expect(await confirmConsent(database.db, token)).toBe('expired');
		expect(await confirmConsent(database.db, 'no-such-token')).toBe('not_found');
		expect(await openConsentRequest(database.db, 'no-such-token')).toBeNull();
		expect(
			await database.db
				.select()
				.from(marketingPermission)
				.where(eq(marketingPermission.personId, personId))
		).toHaveLength(0);

		const confirmed = await ask();
		await confirmConsent(database.db, (await tokenMailedTo(confirmed.email)).token);
		const purged = await purgeExpiredConsentRequests(database.db, new Date());
		expect(purged).toBeGreaterThanOrEqual(1);
		expect(await openConsentRequest(database.db, token)).toBeNull();
		const consentTokens = await database.db
			.select()
			.from(accessToken)
			.where(eq(accessToken.personId, personId));
		expect(consentTokens).toHaveLength(0);
		// A confirmed request stays as evidence of the consent.
		const kept = await database.db
			.select()
			.from(marketingConsentRequest)
			.where(eq(marketingConsentRequest.personId, confirmed.personId));
		expect(kept).toHaveLength(1);
	});

	it('sends nothing, and says nothing, where email marketing is prohibited', async () => {
		const personId = (await makePeople(database.db, 1))[0]!;
		await recordByManage(database.db, personId, 'all', 'prohibited');
		const email = `kielletty.${++counter}@example.fi`;
		const sent = await database.db.transaction((tx) =>
			requestEmailConsent(tx, { personId, email, locale: 'fi', context })
		);
		expect(sent).toBe(false);
		expect(await outboxTo(database.db, email)).toHaveLength(0);
	});

	it("lets the person's own confirmation link lift their earlier prohibition on that channel only", async () => {
		const { personId, email } = await ask();
		const { token } = await tokenMailedTo(email);
		const manage = await recordByManage(database.db, personId, 'all', 'prohibited');
		expect(manage.ok).toBe(true);
		expect(await confirmConsent(database.db, token)).toBe('granted');
		const state = await stateOf(database.db, personId);
		expect(state.email).toMatchObject({ decision: 'granted', mayMarket: true });
		expect(state.sms.decision).toBe('prohibited');
		expect(state.phone.mayMarket).toBe(false);
	});

	it('withdraws and objects through an unsubscribe link without signing in', async () => {
		const { personId, email } = await ask();
		await confirmConsent(database.db, (await tokenMailedTo(email)).token);
		const token = await mintUnsubscribeToken(database.db, personId);
		expect((await openUnsubscribe(database.db, token))?.state.email.mayMarket).toBe(true);

		expect(await withdrawByPerson(database.db, token, 'email')).toBe(true);
		const withdrawn = await openUnsubscribe(database.db, token);
		expect(withdrawn).toMatchObject({ personId });
		expect(withdrawn!.state.email).toMatchObject({ decision: 'withdrawn', source: 'link' });
		expect(withdrawn!.state.phone.mayMarket).toBe(true);

		expect(await prohibitAllByPerson(database.db, token)).toBe(true);
		const objected = (await openUnsubscribe(database.db, token))!.state;
		expect(Object.values(objected).every((s) => s.decision === 'prohibited')).toBe(true);

		expect(await openUnsubscribe(database.db, 'not-a-token')).toBeNull();
		expect(await withdrawByPerson(database.db, 'not-a-token', 'email')).toBe(false);
		await expect(
			recordByManage(database.db, personId, 'email', 'granted' as 'withdrawn')
		).rejects.toThrow();
	});
});
