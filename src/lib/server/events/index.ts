import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { event, type Event, type NewEvent } from '../db/schema';
import type { Db } from '../db';
import { isId } from '../db/ids';

export type RegistrationState = 'open' | 'not_open' | 'closed' | 'cancelled';

/** Whether a sign-up may be made now; the same rule is repeated inside the booking statement. */
export function registrationState(e: Event, now: Date = new Date()): RegistrationState {
	if (e.status === 'cancelled') return 'cancelled';
	if (e.status !== 'published') return 'closed';
	if (e.registrationOpensAt && now < e.registrationOpensAt) return 'not_open';
	if (e.registrationClosesAt && now >= e.registrationClosesAt) return 'closed';
	if (now >= e.endsAt) return 'closed';
	return 'open';
}

export function seatsLeft(e: Event): number {
	return Math.max(0, e.capacity - e.confirmedCount);
}

/** Published events that have not ended, soonest first. */
export async function listUpcoming(db: Db, now: Date = new Date()): Promise<Event[]> {
	return db
		.select()
		.from(event)
		.where(and(eq(event.status, 'published'), gt(event.endsAt, now)))
		.orderBy(asc(event.startsAt), asc(event.titleFi));
}

/** An event the public may see: published or cancelled. Drafts stay hidden (404). */
export async function findPublicBySlug(db: Db, slug: string): Promise<Event | null> {
	const [row] = await db.select().from(event).where(eq(event.slug, slug)).limit(1);
	if (!row || row.status === 'draft') return null;
	return row;
}

/**
 * What the public event page shows from the database, in one round trip: the event (null for a
 * draft or no event) and its image as text (hash, alt texts, variants), so that a new picture makes
 * a new page too (events/page-cache.ts).
 */
export async function findPublicPageSource(
	db: Db,
	slug: string
): Promise<{ row: Event; image: string | null } | null> {
	const [found] = await db
		.select({
			row: event,
			image: sql<string | null>`(SELECT row_to_json(i)::text || ' ' || (SELECT count(*)
				FROM event_image_variant v WHERE v.event_id = i.event_id) FROM event_image i
				WHERE i.event_id = ${event.id})`
		})
		.from(event)
		.where(eq(event.slug, slug))
		.limit(1);
	if (!found || found.row.status === 'draft') return null;
	return found;
}

/** Null for an id that is no event, malformed ones included (they come from URLs). */
export async function findById(db: Db, id: string): Promise<Event | null> {
	if (!isId(id)) return null;
	const [row] = await db.select().from(event).where(eq(event.id, id)).limit(1);
	return row ?? null;
}

export async function create(db: Db, input: NewEvent): Promise<Event> {
	const [row] = await db.insert(event).values(input).returning();
	return row!;
}

/** A URL slug from a title: lower case ASCII, Finnish letters folded (ä → a, ö → o, å → a). */
export function slugify(title: string): string {
	return title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
}

// Part of this module's namespace for routes (`events.localised`); it lives below every domain
// module because sign-up mail and the privacy page need it too.
export { localised } from '../../event-text';
