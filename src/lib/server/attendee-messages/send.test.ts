import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../db';
import {
	auditEvent,
	emailOutbox,
	eventMessage,
	eventMessageRecipient,
	person,
	registration,
	type Event
} from '../db/schema';
import { recordDecision } from '../permissions';
import * as tokens from '../tokens';
import { createDraft, findMessage, previewMessage, sendMessage, type MessageFields } from './index';
import { countAudience } from './audience';
import { seedRegistrants, type SeedRow } from '$tests/attendees';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent, ORGANIZER, ORIGIN } from '$tests/factories';

const context = { origin: ORIGIN, organizer: ORGANIZER };
const HOUR = 3_600_000;

const fields = (overrides: Partial<MessageFields> = {}): MessageFields => ({
	audience: ['confirmed'],
	marketing: false,
	subjectFi: 'Pysäköinti',
	bodyFi: 'Pysäköinti on takapihalla.',
	subjectSv: 'Parkering',
	bodySv: 'Parkeringen finns på bakgården.',
	subjectEn: '',
	bodyEn: '',
	...overrides
});

describe.each(DATABASE_KINDS)('messages to attendees on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	const newPerson = async () => (await database.db.insert(person).values({}).returning())[0]!.id;
	const grantEmail = (personId: string) =>
		recordDecision(database.db, {
			personId,
			channel: 'email',
			decision: 'granted',
			basis: 'consent',
			source: 'link',
			recordedBy: { kind: 'person' }
		});
	const draft = async (ev: Event, overrides: Partial<MessageFields> = {}) => {
		const id = await createDraft(database.db, {
			eventId: ev.id,
			authorId: staff.id,
			fields: fields(overrides)
		});
		return (await findMessage(database.db, ev.id, id))!;
	};
	const send = (ev: Event, messageId: string, options = {}) =>
		sendMessage(database.db, { event: ev, messageId, actor: staff, context }, options);
	const outbox = async () =>
		(await database.db.select().from(emailOutbox)).filter((row) =>
			row.template.startsWith('attendee_message')
		);
	/** How many outbox rows each address got from this event's messages. */
	const perAddress = async (emails: string[]) => {
		const rows = await outbox();
		return emails.map((email) => rows.filter((row) => row.message?.to === email).length);
	};

	async function sceneEvent(ended = false) {
		const startsAt = ended ? new Date(Date.now() - 5 * HOUR) : new Date(Date.now() + 48 * HOUR);
		const ev = await makeEvent(database.db, {
			startsAt,
			endsAt: new Date(startsAt.getTime() + 2 * HOUR),
			contactEmail: 'yhteys@wetteri.fi'
		});
		const people = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newPerson()));
		const rows: SeedRow[] = [
			{ firstName: 'A', lastName: 'Fi', locale: 'fi', personId: people[0] },
			{ firstName: 'B', lastName: 'Sv', locale: 'sv', personId: people[1] },
			{ firstName: 'C', lastName: 'Jono', locale: 'fi', status: 'waitlisted', personId: people[2] },
			{
				firstName: 'D',
				lastName: 'En',
				locale: 'en',
				checkedInAt: new Date(),
				personId: people[3]
			},
			{ firstName: 'E', lastName: 'Peruttu', status: 'cancelled', personId: people[4] },
			{ firstName: 'F', lastName: 'Puhelin', email: null, personId: people[5] }
		];
		const seeded = await seedRegistrants(database.db, ev, rows);
		return { ev, people, seeded, emails: seeded.map((row) => row.email!) };
	}

	it('resolves each group, counts those without email, and previews each language', async () => {
		const { ev } = await sceneEvent();
		const counts = async (audience: MessageFields['audience'], now?: Date) => {
			const preview = await previewMessage(
				database.db,
				ev,
				await draft(ev, { audience }),
				context,
				now
			);
			return {
				...Object.fromEntries(preview.groups.map((group) => [group.locale, group.count])),
				withoutEmail: preview.withoutEmail,
				notEnded: preview.notEnded
			};
		};
		expect(await counts(['confirmed'])).toEqual({
			fi: 1,
			sv: 1,
			en: 1,
			withoutEmail: 1,
			notEnded: false
		});
		expect(await counts(['waitlisted'])).toEqual({ fi: 1, withoutEmail: 0, notEnded: false });
		expect(await counts(['checked_in'])).toEqual({ en: 1, withoutEmail: 0, notEnded: false });
		// Before the end nobody "did not check in"; after it, the confirmed who did not.
		expect(await counts(['not_checked_in'])).toEqual({ withoutEmail: 0, notEnded: true });
		expect(await counts(['not_checked_in'], new Date(ev.endsAt.getTime() + 1))).toEqual({
			fi: 1,
			sv: 1,
			withoutEmail: 1,
			notEnded: false
		});
		// Someone in two chosen groups is counted once.
		expect(await counts(['confirmed', 'checked_in'])).toEqual({
			fi: 1,
			sv: 1,
			en: 1,
			withoutEmail: 1,
			notEnded: false
		});

		const preview = await previewMessage(database.db, ev, await draft(ev), context);
		const [fi, sv, en] = preview.groups;
		expect([fi!.subject, fi!.fallback]).toEqual(['Pysäköinti', false]);
		expect([sv!.subject, sv!.fallback]).toEqual(['Parkering', false]);
		// No English text: the English group gets the Finnish one, and the preview says so.
		expect([en!.subject, en!.fallback]).toEqual(['Pysäköinti', true]);
		expect(en!.frame.about).toContain('This message is about');
	});

	it('mails each recipient once in their language with a fresh manage link and the contact as Reply-To', async () => {
		const { ev, emails } = await sceneEvent();
		const message = await draft(ev);
		expect(await send(ev, message.id)).toEqual({ ok: true, recipients: 3, excluded: 1 });
		expect(await perAddress(emails)).toEqual([1, 1, 0, 1, 0, 0]);
		const rows = await outbox();
		const byTo = (email: string) => rows.find((row) => row.message?.to === email)!.message!;
		expect(byTo(emails[0]!).subject).toBe('Pysäköinti');
		expect(byTo(emails[1]!).subject).toBe('Parkering');
		expect(byTo(emails[1]!).text).toContain('Parkeringen finns på bakgården.');
		expect(byTo(emails[1]!).text).toContain(`${ORIGIN}/sv/manage/`);
		expect(byTo(emails[3]!).subject).toBe('Pysäköinti');
		expect(byTo(emails[3]!).text).toContain(`${ORIGIN}/en/manage/`);
		for (const email of [emails[0]!, emails[1]!, emails[3]!]) {
			const mail = byTo(email);
			expect(mail.replyTo).toBe('yhteys@wetteri.fi');
			expect(mail.headers).toBeUndefined();
			const token = /\/manage\/([a-z0-9]+)/.exec(mail.text)![1]!;
			expect(await tokens.find(database.db, token, 'manage')).not.toBeNull();
		}
		const stored = (await findMessage(database.db, ev.id, message.id))!;
		expect(stored).toMatchObject({ status: 'sent', recipientCount: 3, excludedCount: 1 });
		expect(stored.sentAt).toBeInstanceOf(Date);
		const recipients = await database.db
			.select()
			.from(eventMessageRecipient)
			.where(eq(eventMessageRecipient.messageId, message.id));
		expect(recipients.every((row) => row.outboxId !== null)).toBe(true);
		const audits = (await database.db.select().from(auditEvent)).filter(
			(row) => row.action === 'event_message.sent' && row.subjectId === ev.id
		);
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({
			count: 3,
			details: { audience: ['confirmed'], marketing: false, withoutEmail: 1 }
		});
		expect(await send(ev, message.id)).toEqual({ ok: false, reason: 'alreadySent' });
	});

	it('sends marketing only to people whose ledger allows email marketing now', async () => {
		const { ev, people, emails } = await sceneEvent();
		await grantEmail(people[0]!);
		// Granted and then objected: the objection stands.
		await grantEmail(people[3]!);
		await recordDecision(database.db, {
			personId: people[3]!,
			channel: 'all',
			decision: 'prohibited',
			source: 'link',
			recordedBy: { kind: 'person' }
		});
		const message = await draft(ev, { marketing: true });
		const preview = await previewMessage(database.db, ev, message, context);
		expect(preview.total).toBe(1);
		expect(preview.withoutPermission).toBe(2);
		expect(await send(ev, message.id)).toEqual({ ok: true, recipients: 1, excluded: 3 });
		expect(await perAddress(emails)).toEqual([1, 0, 0, 0, 0, 0]);
		const mail = (await outbox()).find((row) => row.message?.to === emails[0])!;
		expect(mail.template).toBe('attendee_message.marketing');
		const unsubscribe = /<(http:\/\/ilmo\.test\/unsubscribe\/([a-z0-9]+))>/.exec(
			mail.message!.headers!['List-Unsubscribe']!
		)!;
		expect(mail.message!.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(mail.message!.text).toContain(unsubscribe[1]);
		expect((await tokens.find(database.db, unsubscribe[2]!, 'unsubscribe'))?.personId).toBe(
			people[0]
		);
		const [stored] = await database.db
			.select()
			.from(eventMessage)
			.where(eq(eventMessage.id, message.id));
		expect(stored!.marketing).toBe(true);
	});

	it('reads the permissions of a marketing audience in a few queries, not a few per person', async () => {
		const ev = await makeEvent(database.db);
		const seeded = await seedRegistrants(
			database.db,
			ev,
			await Promise.all(
				Array.from({ length: 20 }, async (_, i) => ({
					firstName: `M${i}`,
					lastName: 'Lupa',
					personId: await newPerson()
				}))
			)
		);
		for (const row of seeded.slice(0, 5)) await grantEmail(row.personId);
		let selects = 0;
		const counted = new Proxy(database.db, {
			get(target, property, receiver) {
				if (property === 'select') selects++;
				return Reflect.get(target, property, receiver);
			}
		});
		const audience = await countAudience(
			counted,
			ev,
			{ audience: ['confirmed'], marketing: true },
			new Date()
		);
		expect(audience).toMatchObject({ byLocale: { fi: 5 }, withoutPermission: 15 });
		expect(selects).toBeLessThanOrEqual(5);
	});

	it('finishes an interrupted send when sent again, mailing nobody twice', async () => {
		const ev = await makeEvent(database.db);
		const seeded = await seedRegistrants(
			database.db,
			ev,
			Array.from({ length: 5 }, (_, i) => ({ firstName: `R${i}`, lastName: 'Erä' }))
		);
		const emails = seeded.map((row) => row.email!);
		const message = await draft(ev);
		const crash = new Error('the process died');
		await expect(
			send(ev, message.id, {
				batchSize: 2,
				afterBatch: () => {
					throw crash;
				}
			})
		).rejects.toBe(crash);
		expect((await findMessage(database.db, ev.id, message.id))!.status).toBe('sending');
		expect((await perAddress(emails)).reduce((a, b) => a + b)).toBe(2);

		expect(await send(ev, message.id, { batchSize: 2 })).toEqual({
			ok: true,
			recipients: 5,
			excluded: 0
		});
		expect(await perAddress(emails)).toEqual([1, 1, 1, 1, 1]);
	});

	it('does not mail someone who cancelled after their batch was read', async () => {
		const { ev, seeded, emails } = await sceneEvent();
		const message = await draft(ev);
		const result = await send(ev, message.id, {
			// Between reading the batch and its transaction: the Swedish registrant cancels.
			beforeBatch: () =>
				database.db
					.update(registration)
					.set({ status: 'cancelled' })
					.where(eq(registration.id, seeded[1]!.id))
		});
		expect(result).toMatchObject({ ok: true, recipients: 2 });
		expect(await perAddress(emails)).toEqual([1, 0, 0, 1, 0, 0]);
	});

	it.runIf(kind === 'postgres')(
		'does not double-send when two staff press send at once',
		async () => {
			const ev = await makeEvent(database.db);
			const seeded = await seedRegistrants(
				database.db,
				ev,
				Array.from({ length: 7 }, (_, i) => ({ firstName: `S${i}`, lastName: 'Yhtäaikaa' }))
			);
			const message = await draft(ev);
			const results = await Promise.all([
				send(ev, message.id, { batchSize: 3 }),
				send(ev, message.id, { batchSize: 3 })
			]);
			for (const result of results) {
				// Whoever comes second may find it sent already; neither fails.
				expect(result.ok || result.reason === 'alreadySent').toBe(true);
			}
			expect(await perAddress(seeded.map((row) => row.email!))).toEqual(Array(7).fill(1));
			const audits = (await database.db.select().from(auditEvent)).filter(
				(row) => row.action === 'event_message.sent' && row.subjectId === ev.id
			);
			expect(audits).toHaveLength(1);
			expect(audits[0]!.count).toBe(7);
		}
	);
});
