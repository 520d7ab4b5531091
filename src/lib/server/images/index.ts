import { and, asc, eq, inArray } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db, Tx } from '../db';
import { event, eventImage, eventImageVariant, type ImagePeople } from '../db/schema';
import { processImage, type ImageFormat, type ImageProblem, type ProcessedImage } from './process';

type ProcessedOk = Extract<ProcessedImage, { ok: true }>;

export {
	processImage,
	sniffFormat,
	MAX_IMAGE_BYTES,
	MAX_IMAGE_PIXELS,
	type ImageProblem
} from './process';
export { maxUploadBytes } from './limit';

export type Actor = audit.AuditInput['actor'];

export interface EventImageInput {
	bytes: Uint8Array;
	altFi: string;
	altSv: string;
	altEn: string;
	people: ImagePeople;
}

export type SaveImageResult =
	| { ok: true; hash: string }
	| { ok: false; reason: 'notFound' }
	| { ok: false; reason: 'image'; problem: ImageProblem };

/**
 * The event's row changes with its image (updated_at), so the public page's cache key, a digest
 * of that row, changes too and no visitor gets the page with the old picture.
 */
async function touchEvent(tx: Tx, eventId: string): Promise<boolean> {
	const touched = await tx
		.update(event)
		.set({ updatedAt: new Date() })
		.where(eq(event.id, eventId))
		.returning({ id: event.id });
	return touched.length > 0;
}

/** Replaces the event's image (and its alt texts) with a re-encoded upload. Audited. */
export async function saveEventImage(
	db: Db,
	actor: Actor,
	eventId: string,
	input: EventImageInput
): Promise<SaveImageResult> {
	// Decoding takes a moment: done before the transaction, which then only writes.
	const processed = await processImage(input.bytes);
	if (!processed.ok) return { ok: false, reason: 'image', problem: processed.problem };
	return db.transaction(async (tx) => {
		if (!(await storeProcessedImage(tx, eventId, processed, input, actor))) {
			return { ok: false, reason: 'notFound' } as const;
		}
		await audit.record(tx, {
			action: 'event.image_set',
			actor,
			subject: { type: 'event', id: eventId },
			details: { people: input.people, width: processed.width, height: processed.height }
		});
		return { ok: true, hash: processed.hash } as const;
	});
}

/**
 * Writes an already processed image in place of the event's current one, inside the caller's
 * transaction (the demo seed's too); false when the event does not exist. Not audited: the caller
 * records what it did.
 */
export async function storeProcessedImage(
	tx: Tx,
	eventId: string,
	processed: ProcessedOk,
	input: Omit<EventImageInput, 'bytes'>,
	actor: Actor
): Promise<boolean> {
	if (!(await touchEvent(tx, eventId))) return false;
	await tx.delete(eventImage).where(eq(eventImage.eventId, eventId));
	await tx.insert(eventImage).values({
		eventId,
		hash: processed.hash,
		width: processed.width,
		height: processed.height,
		altFi: input.altFi.trim(),
		altSv: input.altSv.trim(),
		altEn: input.altEn.trim(),
		people: input.people,
		confirmedBy: actor.kind === 'staff' ? actor.id : null
	});
	await tx
		.insert(eventImageVariant)
		.values(processed.variants.map((variant) => ({ eventId, ...variant })));
	return true;
}

/** Removes the event's image; false when it had none. Audited. */
export async function removeEventImage(db: Db, actor: Actor, eventId: string): Promise<boolean> {
	return db.transaction(async (tx) => {
		const removed = await tx
			.delete(eventImage)
			.where(eq(eventImage.eventId, eventId))
			.returning({ id: eventImage.eventId });
		if (removed.length === 0) return false;
		await touchEvent(tx, eventId);
		await audit.record(tx, {
			action: 'event.image_removed',
			actor,
			subject: { type: 'event', id: eventId }
		});
		return true;
	});
}

/** Where one variant is served: the hash in the path makes it immutable. */
export function imagePath(eventId: string, hash: string, width: number, format: ImageFormat) {
	return `/images/events/${eventId}/${hash}/${width}.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}

export interface PublicEventImage {
	hash: string;
	/** The largest page variant's size: the <img> reserves this aspect ratio (no layout shift). */
	width: number;
	height: number;
	alt: string;
	/** The smallest variant: the fallback `src`. */
	src: string;
	srcset: string;
	/** The link-preview JPEG (a path: the page makes it absolute). */
	preview: { src: string; width: number; height: number };
	/** Staff see whom the image shows. */
	people: ImagePeople;
	altFi: string;
	altSv: string;
	altEn: string;
}

type Locale = 'fi' | 'sv' | 'en';

async function presentImages(
	db: Db | Tx,
	eventIds: string[],
	locale: Locale
): Promise<Map<string, PublicEventImage>> {
	const found = new Map<string, PublicEventImage>();
	if (eventIds.length === 0) return found;
	const images = await db.select().from(eventImage).where(inArray(eventImage.eventId, eventIds));
	if (images.length === 0) return found;
	const variants = await db
		.select({
			eventId: eventImageVariant.eventId,
			width: eventImageVariant.width,
			height: eventImageVariant.height,
			format: eventImageVariant.format
		})
		.from(eventImageVariant)
		.where(
			inArray(
				eventImageVariant.eventId,
				images.map((image) => image.eventId)
			)
		)
		.orderBy(asc(eventImageVariant.width));
	for (const image of images) {
		const own = variants.filter((variant) => variant.eventId === image.eventId);
		const page = own.filter((variant) => variant.format === 'webp');
		const jpeg = own.find((variant) => variant.format === 'jpeg');
		if (page.length === 0 || !jpeg) continue;
		const path = (width: number, format: ImageFormat) =>
			imagePath(image.eventId, image.hash, width, format);
		const alt = { fi: image.altFi, sv: image.altSv, en: image.altEn }[locale] || image.altFi;
		found.set(image.eventId, {
			hash: image.hash,
			width: image.width,
			height: image.height,
			alt,
			src: path(page[0]!.width, 'webp'),
			srcset: page.map((v) => `${path(v.width, 'webp')} ${v.width}w`).join(', '),
			preview: { src: path(jpeg.width, 'jpeg'), width: jpeg.width, height: jpeg.height },
			people: image.people,
			altFi: image.altFi,
			altSv: image.altSv,
			altEn: image.altEn
		});
	}
	return found;
}

/** The event's image as pages show it (alt text in the page's language, else Finnish), or null. */
export async function eventImageFor(
	db: Db | Tx,
	eventId: string,
	locale: Locale = 'fi'
): Promise<PublicEventImage | null> {
	return (await presentImages(db, [eventId], locale)).get(eventId) ?? null;
}

/** The images of several events at once (the event list), by event id. */
export async function eventImagesFor(
	db: Db | Tx,
	eventIds: string[],
	locale: Locale
): Promise<Map<string, PublicEventImage>> {
	return presentImages(db, eventIds, locale);
}

/** One variant's bytes, only under the image's current hash: an old URL finds nothing. */
export async function findVariant(
	db: Db | Tx,
	key: { eventId: string; hash: string; width: number; format: ImageFormat }
): Promise<Buffer | null> {
	const [row] = await db
		.select({ bytes: eventImageVariant.bytes })
		.from(eventImageVariant)
		.innerJoin(eventImage, eq(eventImage.eventId, eventImageVariant.eventId))
		.where(
			and(
				eq(eventImageVariant.eventId, key.eventId),
				eq(eventImage.hash, key.hash),
				eq(eventImageVariant.width, key.width),
				eq(eventImageVariant.format, key.format)
			)
		);
	return row?.bytes ?? null;
}
