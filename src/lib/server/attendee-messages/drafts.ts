import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { eventMessage, staffUser, type EventMessage, type MessageAudience } from '../db/schema';

/** What staff write: the groups, the marketing switch, and a subject and body per language. */
export interface MessageFields {
	audience: MessageAudience[];
	marketing: boolean;
	subjectFi: string;
	bodyFi: string;
	subjectSv: string;
	bodySv: string;
	subjectEn: string;
	bodyEn: string;
}

export function createDraft(
	db: Db,
	input: { eventId: string; authorId: string; fields: MessageFields }
): Promise<string> {
	return db
		.insert(eventMessage)
		.values({ eventId: input.eventId, authorId: input.authorId, ...input.fields })
		.returning({ id: eventMessage.id })
		.then(([row]) => row!.id);
}

export type UpdateDraftResult = { ok: true } | { ok: false; reason: 'notFound' | 'notDraft' };

/** Only a draft changes: once sending has begun, what was sent is what is kept. */
export async function updateDraft(
	db: Db,
	input: { eventId: string; messageId: string; fields: MessageFields }
): Promise<UpdateDraftResult> {
	const [updated] = await db
		.update(eventMessage)
		.set({ ...input.fields, updatedAt: sql`now()` })
		.where(
			and(
				eq(eventMessage.id, input.messageId),
				eq(eventMessage.eventId, input.eventId),
				eq(eventMessage.status, 'draft')
			)
		)
		.returning({ id: eventMessage.id });
	if (updated) return { ok: true };
	return (await findMessage(db, input.eventId, input.messageId))
		? { ok: false, reason: 'notDraft' }
		: { ok: false, reason: 'notFound' };
}

export async function findMessage(
	db: Db,
	eventId: string,
	messageId: string
): Promise<EventMessage | null> {
	const [row] = await db
		.select()
		.from(eventMessage)
		.where(and(eq(eventMessage.id, messageId), eq(eventMessage.eventId, eventId)));
	return row ?? null;
}

export interface MessageListRow {
	id: string;
	subject: string;
	status: EventMessage['status'];
	marketing: boolean;
	author: string | null;
	createdAt: Date;
	sentAt: Date | null;
	recipientCount: number;
	excludedCount: number;
}

/** The event's messages, newest first: what staff sent, and drafts waiting. No recipient is named. */
export function listMessages(db: Db, eventId: string): Promise<MessageListRow[]> {
	return db
		.select({
			id: eventMessage.id,
			subject: eventMessage.subjectFi,
			status: eventMessage.status,
			marketing: eventMessage.marketing,
			author: staffUser.displayName,
			createdAt: eventMessage.createdAt,
			sentAt: eventMessage.sentAt,
			recipientCount: eventMessage.recipientCount,
			excludedCount: eventMessage.excludedCount
		})
		.from(eventMessage)
		.leftJoin(staffUser, eq(staffUser.id, eventMessage.authorId))
		.where(eq(eventMessage.eventId, eventId))
		.orderBy(desc(eventMessage.createdAt), desc(eventMessage.id));
}
