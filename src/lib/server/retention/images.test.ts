import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { event, eventImageVariant } from '../db/schema';
import { eventImageFor, saveEventImage } from '../images';
import { makeEvent } from '$tests/factories';
import { DATABASE_KINDS } from '$tests/databases';
import { openStaffScene } from '$tests/scene';
import { runRetention } from './run';

const DAY_MS = 86_400_000;

describe.each(DATABASE_KINDS)("event images and the event's retention on %s", (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	it('deletes an image when its event’s registrations are due, and keeps the event', async () => {
		const now = new Date();
		const bytes = await sharp({
			create: { width: 600, height: 300, channels: 3, background: '#446688' }
		})
			.png()
			.toBuffer();
		const pastEnd = new Date(now.getTime() - 31 * DAY_MS);
		// Ended 31 days ago with 30 days' retention: due. With 60 days: not yet.
		const due = await makeEvent(db, {
			startsAt: new Date(pastEnd.getTime() - 3_600_000),
			endsAt: pastEnd,
			retentionDays: 30
		});
		const kept = await makeEvent(db, {
			startsAt: new Date(pastEnd.getTime() - 3_600_000),
			endsAt: pastEnd,
			retentionDays: 60
		});
		const actor = { kind: 'staff' as const, id: staff.id };
		for (const ev of [due, kept]) {
			const saved = await saveEventImage(db, actor, ev.id, {
				bytes,
				altFi: 'Kuorma-auto',
				altSv: '',
				altEn: '',
				people: 'consent_recorded'
			});
			expect(saved.ok).toBe(true);
		}

		const dry = await runRetention(db, { trigger: 'cli', dryRun: true, now });
		expect(dry.ran && dry.counts.imagesDeleted).toBe(1);
		expect(await eventImageFor(db, due.id)).not.toBeNull();

		const outcome = await runRetention(db, { trigger: 'cli', now });
		expect(outcome.ran && outcome.counts.imagesDeleted).toBe(1);
		expect(await eventImageFor(db, due.id)).toBeNull();
		expect(
			await db.select().from(eventImageVariant).where(eq(eventImageVariant.eventId, due.id))
		).toEqual([]);
		expect(await db.select({ id: event.id }).from(event).where(eq(event.id, due.id))).toHaveLength(
			1
		);
		expect(await eventImageFor(db, kept.id)).not.toBeNull();
	});
});
