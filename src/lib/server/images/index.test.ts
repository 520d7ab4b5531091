import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { auditEvent, event, eventImage, eventImageVariant } from '../db/schema';
import { eventPageKey } from '../events/page-cache';
import { makeEvent } from '$tests/factories';
import { DATABASE_KINDS } from '$tests/databases';
import { openStaffScene } from '$tests/scene';
import { eventImageFor, eventImagesFor, findVariant, removeEventImage, saveEventImage } from '.';

const jpeg = (colour: string) =>
	sharp({ create: { width: 1000, height: 500, channels: 3, background: colour } })
		.jpeg()
		.toBuffer();

const alts = { altFi: ' Kuorma-auto pihalla ', altSv: '', altEn: 'A truck in the yard' };

async function actions(db: Db, eventId: string) {
	const rows = await db
		.select({ action: auditEvent.action, actorId: auditEvent.actorId })
		.from(auditEvent)
		.where(eq(auditEvent.subjectId, eventId));
	return rows.map((row) => row.action).filter((action) => action.startsWith('event.image'));
}

describe.each(DATABASE_KINDS)('event images on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));
	const actor = () => ({ kind: 'staff' as const, id: staff.id });

	it('stores the variants, presents them per language and audits the change', async () => {
		const ev = await makeEvent(db);
		const result = await saveEventImage(db, actor(), ev.id, {
			bytes: await jpeg('#336699'),
			...alts,
			people: 'none'
		});
		if (!result.ok) throw new Error(result.reason);

		const fi = await eventImageFor(db, ev.id, 'fi');
		expect(fi).toMatchObject({ hash: result.hash, width: 1000, height: 500 });
		expect(fi!.alt).toBe('Kuorma-auto pihalla');
		// Swedish left empty: Finnish stands in.
		expect((await eventImageFor(db, ev.id, 'sv'))!.alt).toBe('Kuorma-auto pihalla');
		expect((await eventImageFor(db, ev.id, 'en'))!.alt).toBe('A truck in the yard');
		const base = `/images/events/${ev.id}/${result.hash}`;
		expect(fi!.srcset).toBe(
			`${base}/480.webp 480w, ${base}/960.webp 960w, ${base}/1000.webp 1000w`
		);
		expect(fi!.src).toBe(`${base}/480.webp`);
		expect(fi!.preview).toEqual({ src: `${base}/1000.jpg`, width: 1000, height: 500 });
		expect((await eventImagesFor(db, [ev.id], 'en')).get(ev.id)?.alt).toBe('A truck in the yard');

		const [stored] = await db.select().from(eventImage).where(eq(eventImage.eventId, ev.id));
		expect(stored).toMatchObject({ people: 'none', confirmedBy: staff.id });
		const bytes = await findVariant(db, {
			eventId: ev.id,
			hash: result.hash,
			width: 1000,
			format: 'jpeg'
		});
		expect((await sharp(bytes!).metadata()).format).toBe('jpeg');
		expect(await actions(db, ev.id)).toEqual(['event.image_set']);
	});

	it('gives a replaced image a new URL, and the old one finds nothing', async () => {
		const ev = await makeEvent(db);
		const first = await saveEventImage(db, actor(), ev.id, {
			bytes: await jpeg('#336699'),
			...alts,
			people: 'none'
		});
		const second = await saveEventImage(db, actor(), ev.id, {
			bytes: await jpeg('#993322'),
			...alts,
			people: 'consent_recorded'
		});
		if (!first.ok || !second.ok) throw new Error('not saved');
		expect(second.hash).not.toBe(first.hash);
		const key = { eventId: ev.id, width: 480, format: 'webp' as const };
		expect(await findVariant(db, { ...key, hash: first.hash })).toBeNull();
		expect(await findVariant(db, { ...key, hash: second.hash })).not.toBeNull();
		const variants = await db
			.select({ width: eventImageVariant.width })
			.from(eventImageVariant)
			.where(eq(eventImageVariant.eventId, ev.id));
		// 480, 960 and 1000 (the source's own width: never upscaled) and the preview JPEG.
		expect(variants).toHaveLength(4);
	});

	it("changes the public page's cache key when the image is set or removed", async () => {
		const ev = await makeEvent(db);
		const row = async () => (await db.select().from(event).where(eq(event.id, ev.id)))[0]!;
		const key = async () => eventPageKey(`/events/${ev.slug}`, await row());
		const before = await key();
		await saveEventImage(db, actor(), ev.id, {
			bytes: await jpeg('#336699'),
			...alts,
			people: 'none'
		});
		const withImage = await key();
		expect(withImage).not.toBe(before);
		expect(await removeEventImage(db, actor(), ev.id)).toBe(true);
		expect(await key()).not.toBe(withImage);
	});

	it('removes an image with an audit record, and refuses bad files and unknown events', async () => {
		const ev = await makeEvent(db);
		expect(await removeEventImage(db, actor(), ev.id)).toBe(false);
		const refused = await saveEventImage(db, actor(), ev.id, {
			bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
			...alts,
			people: 'none'
		});
		expect(refused).toEqual({ ok: false, reason: 'image', problem: 'notAnImage' });
		const missing = await saveEventImage(db, actor(), '00000000-0000-4000-8000-00000000abcd', {
			bytes: await jpeg('#336699'),
			...alts,
			people: 'none'
		});
		expect(missing).toEqual({ ok: false, reason: 'notFound' });

		await saveEventImage(db, actor(), ev.id, {
			bytes: await jpeg('#336699'),
			...alts,
			people: 'none'
		});
		expect(await removeEventImage(db, actor(), ev.id)).toBe(true);
		expect(await eventImageFor(db, ev.id)).toBeNull();
		expect(
			await db.select().from(eventImageVariant).where(eq(eventImageVariant.eventId, ev.id))
		).toEqual([]);
		expect(await actions(db, ev.id)).toEqual(['event.image_set', 'event.image_removed']);
	});
});
