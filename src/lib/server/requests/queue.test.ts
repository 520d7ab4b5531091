import { describe, expect, it } from 'vitest';
import { openStaffScene } from '$tests/scene';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accessToken, auditEvent, dataSubjectRequest, emailOutbox } from '../db/schema';
import { stateOf } from '../permissions';
import {
	closeRequest,
	confirmVerification,
	countOverdue,
	createRequest,
	extendRequest,
	getRequest,
	listRequests,
	openVerification,
	recordIdentityCheck,
	recordObjection,
	sendVerification,
	seedDemoRequests,
	startFromManage
} from '.';
import { latestVerificationToken } from '$tests/requests';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, makeSignup, ORGANIZER, ORIGIN } from '$tests/factories';
import * as fixtures from '$tests/contacts-fixtures';

const CONTEXT = { origin: ORIGIN, organizer: ORGANIZER };
const DAY_MS = 86_400_000;

describe.each(DATABASE_KINDS)('data-subject requests on %s', (kind) => {
	let db: Db;
	let admin: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff: admin } = scene), 'admin');

	const signUp = async (data: Parameters<typeof makeSignup>[0]) =>
		(await fixtures.signUp(db, await makeEvent(db, { phonePolicy: 'optional' }), data)).id;

	async function request(input: Partial<Parameters<typeof createRequest>[2]> = {}) {
		const created = await createRequest(db, admin, {
			kind: 'access',
			channel: 'email',
			locale: 'fi',
			...input
		});
		if (!created.ok) throw new Error(created.error);
		return created.id;
	}

	it('is due one month after receipt and can be extended by at most two more, with a reason', async () => {
		const receivedAt = new Date('2026-01-31T09:00:00Z');
		const id = await request({ email: 'due@example.fi', receivedAt, now: receivedAt });
		const row = await getRequest(db, id);
		expect(row?.dueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z');

		expect(await extendRequest(db, admin, id, { months: 1, reason: '  ' })).toEqual({
			ok: false,
			reason: 'reason_required'
		});
		expect(await extendRequest(db, admin, id, { months: 3, reason: 'many records' })).toEqual({
			ok: false,
			reason: 'too_long'
		});
		const once = await extendRequest(db, admin, id, { months: 1, reason: 'many records' });
		expect(once).toMatchObject({ ok: true });
		expect(once.ok && once.until.toISOString()).toBe('2026-03-28T09:00:00.000Z');
		expect(await extendRequest(db, admin, id, { months: 1, reason: 'again' })).toEqual({
			ok: false,
			reason: 'not_later'
		});
		const twice = await extendRequest(db, admin, id, { months: 2, reason: 'archive search' });
		expect(twice.ok && twice.until.toISOString()).toBe('2026-04-28T09:00:00.000Z');
		expect(await getRequest(db, id)).toMatchObject({ extensionReason: 'archive search' });
	});

	it('refuses a request without a usable email or phone, or dated in the future', async () => {
		expect(
			await createRequest(db, admin, { kind: 'access', channel: 'phone', locale: 'fi' })
		).toEqual({ ok: false, field: 'email', error: 'requestsContactRequired' });
		expect(
			await createRequest(db, admin, {
				kind: 'access',
				channel: 'phone',
				phone: '12',
				locale: 'fi'
			})
		).toEqual({ ok: false, field: 'phone', error: 'phoneInvalid' });
		expect(
			await createRequest(db, admin, {
				kind: 'access',
				channel: 'letter',
				email: 'x@example.fi',
				locale: 'fi',
				receivedAt: new Date(Date.now() + DAY_MS)
			})
		).toEqual({ ok: false, field: 'receivedOn', error: 'requestsReceivedFuture' });
	});

	it('lists open requests soonest first with the overdue ones marked, and counts them', async () => {
		const now = new Date();
		const before = await countOverdue(db, now);
		const late = await request({
			email: 'late@example.fi',
			receivedAt: new Date(now.getTime() - 40 * DAY_MS)
		});
		const fresh = await request({ email: 'fresh@example.fi' });
		expect(await countOverdue(db, now)).toBe(before + 1);
		const open = await listRequests(db, 'open', now);
		const ids = open.map((row) => row.id);
		expect(ids.indexOf(late)).toBeLessThan(ids.indexOf(fresh));
		expect(open.find((row) => row.id === late)?.overdue).toBe(true);
		expect(open.find((row) => row.id === fresh)?.overdue).toBe(false);

		// An extension moves the deadline; closing takes it off the list.
		await extendRequest(db, admin, late, { months: 2, reason: 'complex' });
		expect(await countOverdue(db, now)).toBe(before);
		expect(await closeRequest(db, admin, fresh, { status: 'rejected', outcome: '' })).toEqual({
			ok: false,
			reason: 'note_required'
		});
		await closeRequest(db, admin, fresh, { status: 'rejected', outcome: 'Manifestly unfounded' });
		expect((await listRequests(db, 'open', now)).map((row) => row.id)).not.toContain(fresh);
		expect((await listRequests(db, 'closed', now)).map((row) => row.id)).toContain(fresh);
	});

	it('verifies through a link to the email on record: opening changes nothing, the button does', async () => {
		await signUp({ email: 'Verify.Me@example.fi', phone: '040 111 2233' });
		// Asked by phone: the link goes to the email on record, not to anything typed.
		const id = await request({ channel: 'phone', phone: '+358401112233' });
		const sent = await sendVerification(db, admin, id, CONTEXT);
		expect(sent).toEqual({ ok: true, to: 'verify.me@example.fi' });
		const token = await latestVerificationToken(db);
		const [mail] = await db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.template, 'request.verification'))
			.orderBy(desc(emailOutbox.id))
			.limit(1);
		expect(mail?.message?.to).toBe('verify.me@example.fi');

		expect(await openVerification(db, token)).toMatchObject({ state: 'open', kind: 'access' });
		expect(await getRequest(db, id)).toMatchObject({ status: 'verifying', verifiedAt: null });
		expect(await openVerification(db, 'not-a-token')).toBeNull();
		expect(await confirmVerification(db, 'not-a-token')).toBe('not_found');

		expect(await confirmVerification(db, token)).toBe('confirmed');
		expect(await getRequest(db, id)).toMatchObject({
			status: 'verified',
			verificationMethod: 'email_link'
		});
		expect(await confirmVerification(db, token)).toBe('verified');
		expect(await openVerification(db, token)).toMatchObject({ state: 'verified' });
		const tokens = await db
			.select()
			.from(accessToken)
			.where(eq(accessToken.purpose, 'verification'));
		expect(tokens).toHaveLength(0);
		const trail = await db
			.select()
			.from(auditEvent)
			.where(and(eq(auditEvent.subjectId, id), eq(auditEvent.action, 'request.verified')));
		expect(trail).toHaveLength(1);
	});

	it('lets a link expire, and replaces it when sent again', async () => {
		await signUp({ email: 'expiring@example.fi' });
		const id = await request({ email: 'expiring@example.fi' });
		await sendVerification(db, admin, id, CONTEXT, new Date(Date.now() - 20 * DAY_MS));
		const old = await latestVerificationToken(db);
		expect(await openVerification(db, old)).toMatchObject({ state: 'expired' });
		expect(await confirmVerification(db, old)).toBe('expired');
		await sendVerification(db, admin, id, CONTEXT);
		const fresh = await latestVerificationToken(db);
		expect(await openVerification(db, old)).toBeNull();
		expect(await confirmVerification(db, fresh)).toBe('confirmed');
	});

	it('has an admin record the identity check for someone without email, and only then', async () => {
		const registrationId = await signUp({ email: 'has.email@example.fi', phone: '040 222 3344' });
		expect(registrationId).toBeTruthy();
		const withEmail = await request({ channel: 'in_person', phone: '0402223344' });
		expect(await recordIdentityCheck(db, admin, withEmail, 'driving licence seen')).toEqual({
			ok: false,
			reason: 'has_email'
		});

		const nothing = await request({ channel: 'phone', phone: '0409998877' });
		expect(await sendVerification(db, admin, nothing, CONTEXT)).toEqual({
			ok: false,
			reason: 'nothing_held'
		});
		expect(await recordIdentityCheck(db, admin, nothing, ' ')).toEqual({
			ok: false,
			reason: 'note_required'
		});
		expect(
			await recordIdentityCheck(db, admin, nothing, 'in person, driving licence seen')
		).toEqual({ ok: true });
		expect(await getRequest(db, nothing)).toMatchObject({
			status: 'verified',
			verificationMethod: 'staff_check',
			identityCheck: 'in person, driving licence seen'
		});
	});

	it('takes requests from the manage page into the same queue, verified by the link', async () => {
		const registrationId = await signUp({ email: 'manage.page@example.fi' });
		const [mail] = await db
			.select({ message: emailOutbox.message })
			.from(emailOutbox)
			.orderBy(desc(emailOutbox.id))
			.limit(1);
		const token = /\/manage\/([a-z0-9]+)/.exec(mail?.message?.text ?? '')?.[1];
		expect(token).toBeTruthy();
		expect(registrationId).toBeTruthy();

		const started = await startFromManage(db, token!, 'erasure', 'en');
		expect(started).toMatchObject({ ok: true, created: true });
		const again = await startFromManage(db, token!, 'erasure', 'en');
		expect(again).toMatchObject({ ok: true, created: false });
		expect(started.ok && again.ok && again.id === started.id).toBe(true);
		const row = await getRequest(db, started.ok ? started.id : '');
		expect(row).toMatchObject({
			kind: 'erasure',
			channel: 'manage_page',
			status: 'verified',
			verificationMethod: 'manage_link',
			verificationEmail: 'manage.page@example.fi',
			locale: 'en'
		});
		expect((await listRequests(db, 'open')).map((r) => r.id)).toContain(row!.id);
		expect(await startFromManage(db, 'unknown-token', 'access', 'fi')).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('records an objection as a prohibition on every channel and completes the request', async () => {
		const registrationId = await signUp({ email: 'objector@example.fi' });
		const id = await request({ kind: 'objection', email: 'objector@example.fi' });
		expect(await recordObjection(db, admin, id)).toEqual({ ok: true, people: 1 });
		const [row] = await db.select().from(dataSubjectRequest).where(eq(dataSubjectRequest.id, id));
		expect(row?.status).toBe('completed');
		const state = await stateOf(db, row!.personId!);
		expect([state.email, state.sms, state.phone, state.post].map((s) => s.decision)).toEqual([
			'prohibited',
			'prohibited',
			'prohibited',
			'prohibited'
		]);
		expect(registrationId).toBeTruthy();
	});

	it('seeds demo requests, none of them overdue', async () => {
		const now = new Date();
		const before = await countOverdue(db, now);
		expect(await db.transaction((tx) => seedDemoRequests(tx, now))).toBe(2);
		expect(await countOverdue(db, now)).toBe(before);
	});
});
