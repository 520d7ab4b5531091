import { generateHOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { auditEvent, staffSetting } from '../db/schema';
import * as account from './account';
import { checkNewPassword } from './password';
import { createSession, generateSessionToken, validateSessionToken } from './session';
import { getSetting, getSettings, setSetting } from './settings';
import { signIn } from './sign-in';
import { FREE_FAILURES } from './throttle';
import * as totp from './totp';
import * as userAdmin from './user-admin';
import * as users from './users';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';

const ADMIN_PASSWORD = 'hallinto-avain-2026';
const secret = 'test-rate-key';
const SECRET_KEY = 'test-secret-key-0123456789-abcdefghij';

describe('generated passwords', () => {
	it('are long, random and pass the new-password rules', () => {
		const passwords = Array.from({ length: 50 }, () => userAdmin.generatePassword());
		expect(new Set(passwords).size).toBe(50);
		for (const password of passwords) {
			expect(password).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){4}$/);
			expect(checkNewPassword(password)).toBeNull();
		}
	});
});

describe.each(DATABASE_KINDS)('settings, own account and user admin on %s', (kind) => {
	let database: Database;
	let adminId: string;
	let staffId: string;
	const admin = { kind: 'staff' as const, id: '' };

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		const created = await users.create(
			database.db,
			{ email: 'ada@wetteri.fi', displayName: 'Ada', role: 'admin', password: ADMIN_PASSWORD },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		adminId = admin.id = created.user.id;
		const staff = await userAdmin.createUser(
			database.db,
			{ email: ' Sami@Wetteri.fi ', displayName: 'Sami Myyjä', role: 'staff' },
			adminId
		);
		if (!staff.ok) throw new Error(staff.reason);
		staffId = staff.id;
		expect(staff.generatedPassword).toMatch(/^[a-z2-7-]{24}$/);
		// The generated password is the one that works.
		const signedIn = await signIn(database.db, {
			email: 'sami@wetteri.fi',
			password: staff.generatedPassword!,
			address: '192.0.2.1',
			secret
		});
		expect(signedIn.ok).toBe(true);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('reads defaults, stores typed values, audits changes and refuses nonsense', async () => {
		expect(await getSettings(database.db)).toEqual({
			require_totp_admins: false,
			door_window_hours: 24
		});
		await setSetting(database.db, 'door_window_hours', 48, admin);
		await setSetting(database.db, 'door_window_hours', 48, admin);
		await setSetting(database.db, 'require_totp_admins', true, admin);
		expect(await getSetting(database.db, 'door_window_hours')).toBe(48);
		expect(await getSetting(database.db, 'require_totp_admins')).toBe(true);
		await expect(setSetting(database.db, 'door_window_hours', 0, admin)).rejects.toThrow();
		await expect(setSetting(database.db, 'door_window_hours', 2.5, admin)).rejects.toThrow();
		const changes = await database.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'staff_setting.changed'));
		expect(changes).toHaveLength(2);
		// A row that does not parse reads as the default rather than as something unintended.
		await database.db
			.update(staffSetting)
			.set({ value: '"yes"' })
			.where(eq(staffSetting.key, 'require_totp_admins'));
		expect(await getSetting(database.db, 'require_totp_admins')).toBe(false);
		await setSetting(database.db, 'require_totp_admins', false, admin);
	});

	it('sends an admin without TOTP to enroll only while the setting is on', async () => {
		const ada = { role: 'admin', totpEnabled: false };
		expect(await account.mustEnrollTotp(database.db, ada)).toBe(false);
		await setSetting(database.db, 'require_totp_admins', true, admin);
		expect(await account.mustEnrollTotp(database.db, ada)).toBe(true);
		expect(await account.mustEnrollTotp(database.db, { ...ada, totpEnabled: true })).toBe(false);
		expect(await account.mustEnrollTotp(database.db, { role: 'staff', totpEnabled: false })).toBe(
			false
		);
		await setSetting(database.db, 'require_totp_admins', false, admin);
	});

	it('changes the own password after the current one, ending other sessions', async () => {
		const mine = generateSessionToken();
		const other = generateSessionToken();
		const kept = await createSession(database.db, mine, adminId, true);
		await createSession(database.db, other, adminId, true);
		const base = { userId: adminId, sessionId: kept.id };
		expect(
			await account.changePassword(database.db, {
				...base,
				currentPassword: 'not it at all',
				newPassword: 'uusi-hallinto-2027'
			})
		).toEqual({ ok: false, reason: 'wrongPassword' });
		expect(
			await account.changePassword(database.db, {
				...base,
				currentPassword: ADMIN_PASSWORD,
				newPassword: 'short'
			})
		).toEqual({ ok: false, reason: 'tooShort' });
		expect(
			await account.changePassword(database.db, {
				...base,
				currentPassword: ADMIN_PASSWORD,
				newPassword: 'uusi-hallinto-2027'
			})
		).toEqual({ ok: true });
		expect((await validateSessionToken(database.db, mine)).session).not.toBeNull();
		expect((await validateSessionToken(database.db, other)).session).toBeNull();
		const actions = (await database.db.select().from(auditEvent)).map((e) => e.action);
		expect(actions).toContain('staff.reauthentication_failed');
		expect(actions).toContain('staff_user.password_changed');
	});

	it('throttles guessing the current password like a sign-in', async () => {
		const now = new Date('2026-12-01T10:00:00Z');
		const attempt = (password: string, at = now) =>
			account.disableTotp(database.db, { userId: staffId, sessionId: 'none', password, now: at });
		// Not enrolled yet: nothing to disable, and no guess is even checked.
		expect(await attempt('whatever')).toEqual({ ok: false, reason: 'notEnabled' });
		const key = totp.generateKey();
		const code = generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6);
		const enabled = await totp.enable(database.db, {
			userId: staffId,
			key: totp.encodeKey(key),
			code,
			secretKey: SECRET_KEY,
			actor: { kind: 'staff', id: staffId }
		});
		expect(enabled.ok).toBe(true);
		for (let i = 0; i < FREE_FAILURES; i++) {
			expect(await attempt('wrong guess here')).toEqual({ ok: false, reason: 'wrongPassword' });
		}
		const reset = await userAdmin.resetPassword(
			database.db,
			{ id: staffId, password: 'myyjan-uusi-2026' },
			adminId
		);
		expect(reset).toEqual({ ok: true, generatedPassword: null });
		expect(await attempt('myyjan-uusi-2026')).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfterSeconds: 15
		});
		expect(await attempt('myyjan-uusi-2026', new Date(now.getTime() + 16_000))).toEqual({
			ok: true
		});
		expect((await userAdmin.find(database.db, staffId))?.totpEnabled).toBe(false);
	});

	it('turns TOTP on only with the password, ending the other sessions', async () => {
		const created = await users.create(
			database.db,
			{ email: 'toni@wetteri.fi', displayName: 'Toni', role: 'staff', password: ADMIN_PASSWORD },
			{ kind: 'cli' }
		);
		if (!created.ok) throw new Error(created.reason);
		const userId = created.user.id;
		const mine = generateSessionToken();
		const borrowed = generateSessionToken();
		const kept = await createSession(database.db, mine, userId, true);
		await createSession(database.db, borrowed, userId, true);
		const key = totp.generateKey();
		const input = {
			userId,
			sessionId: kept.id,
			key: totp.encodeKey(key),
			code: generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6),
			secretKey: SECRET_KEY
		};
		// A session alone is not enough: the attacker's authenticator would lock the owner out.
		expect(
			await account.enableTotp(database.db, { ...input, password: 'a borrowed guess' })
		).toEqual({ ok: false, reason: 'wrongPassword' });
		expect((await userAdmin.find(database.db, userId))?.totpEnabled).toBe(false);
		expect((await validateSessionToken(database.db, borrowed)).session).not.toBeNull();
		const enabled = await account.enableTotp(database.db, { ...input, password: ADMIN_PASSWORD });
		expect(enabled.ok).toBe(true);
		expect((await validateSessionToken(database.db, mine)).session).not.toBeNull();
		expect((await validateSessionToken(database.db, borrowed)).session).toBeNull();
		// Turning it off ends the others too.
		const another = generateSessionToken();
		await createSession(database.db, another, userId, true);
		expect(
			await account.disableTotp(database.db, {
				userId,
				sessionId: kept.id,
				password: ADMIN_PASSWORD
			})
		).toEqual({ ok: true });
		expect((await validateSessionToken(database.db, mine)).session).not.toBeNull();
		expect((await validateSessionToken(database.db, another)).session).toBeNull();
	});

	it('checks at most the free number of simultaneous password re-entries', async () => {
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				account.changePassword(database.db, {
					userId: staffId,
					sessionId: 'none',
					currentPassword: `parallel guess ${i}`,
					newPassword: 'ei-koskaan-kaytossa-2026'
				})
			)
		);
		expect(results.filter((r) => !r.ok && r.reason === 'wrongPassword').length).toBeLessThanOrEqual(
			FREE_FAILURES
		);
	});

	it('keeps admins from dropping TOTP while it is required of them', async () => {
		const key = totp.generateKey();
		const code = generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6);
		await totp.enable(database.db, {
			userId: adminId,
			key: totp.encodeKey(key),
			code,
			secretKey: SECRET_KEY,
			actor: admin
		});
		await setSetting(database.db, 'require_totp_admins', true, admin);
		expect(
			await account.disableTotp(database.db, {
				userId: adminId,
				sessionId: 'none',
				password: 'uusi-hallinto-2027'
			})
		).toEqual({ ok: false, reason: 'requiredForAdmins' });
		await setSetting(database.db, 'require_totp_admins', false, admin);
		expect(
			await account.disableTotp(database.db, {
				userId: adminId,
				sessionId: 'none',
				password: 'uusi-hallinto-2027'
			})
		).toEqual({ ok: true });
	});

	it('lets an admin manage others but never their own account', async () => {
		for (const change of [
			() => userAdmin.changeRole(database.db, { id: adminId, role: 'door' }, adminId),
			() => userAdmin.setDisabled(database.db, { id: adminId, disabled: true }, adminId),
			() => userAdmin.resetPassword(database.db, { id: adminId }, adminId),
			() => userAdmin.resetTotp(database.db, adminId, adminId)
		]) {
			expect(await change()).toEqual({ ok: false, reason: 'self' });
		}
		const missing = '00000000-0000-4000-8000-000000000000';
		expect(await userAdmin.changeRole(database.db, { id: missing, role: 'door' }, adminId)).toEqual(
			{ ok: false, reason: 'notFound' }
		);

		expect(await userAdmin.changeRole(database.db, { id: staffId, role: 'door' }, adminId)).toEqual(
			{ ok: true }
		);
		const token = generateSessionToken();
		await createSession(database.db, token, staffId, true);
		expect(
			await userAdmin.setDisabled(database.db, { id: staffId, disabled: true }, adminId)
		).toEqual({ ok: true });
		expect((await validateSessionToken(database.db, token)).session).toBeNull();
		const listed = (await userAdmin.list(database.db)).find((u) => u.id === staffId);
		expect(listed).toMatchObject({ role: 'door', disabled: true, totpEnabled: false });
		expect(JSON.stringify(await userAdmin.list(database.db))).not.toMatch(/argon2|passwordHash/);
		await userAdmin.setDisabled(database.db, { id: staffId, disabled: false }, adminId);

		const reset = await userAdmin.resetPassword(database.db, { id: staffId }, adminId);
		if (!reset.ok) throw new Error(reset.reason);
		expect(reset.generatedPassword).toMatch(/^[a-z2-7-]{24}$/);
		const taken = await userAdmin.createUser(
			database.db,
			{ email: 'sami@wetteri.fi', displayName: 'Again', role: 'staff' },
			adminId
		);
		expect(taken).toEqual({ ok: false, reason: 'emailTaken' });
		const actions = (await database.db.select().from(auditEvent)).map((e) => e.action);
		for (const action of [
			'staff_user.created',
			'staff_user.role_changed',
			'staff_user.disabled',
			'staff_user.enabled',
			'staff_user.password_reset'
		]) {
			expect(actions).toContain(action);
		}
	});
});
