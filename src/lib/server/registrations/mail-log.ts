import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	eventMessage,
	eventMessageRecipient,
	eventReminder,
	reminderDelivery,
	type ReminderKind
} from '../db/schema';

/** Which reminders and messages about the event went to one registration, for Art. 15 and 20. */
export interface MailLog {
	reminders: { kind: ReminderKind; hours: number; sentAt: Date }[];
	/** The text is the event's, not the person's: the subject in their language stands for it. */
	messages: { subject: string; marketing: boolean; sentAt: Date }[];
}

export const EMPTY_MAIL_LOG: MailLog = { reminders: [], messages: [] };

type Subjects = { subjectFi: string; subjectSv: string; subjectEn: string };

/** The subject the registrant got: their language's, or Finnish where that one was left empty. */
function subjectIn(message: Subjects, locale: string): string {
	const own = locale === 'sv' ? message.subjectSv : locale === 'en' ? message.subjectEn : '';
	return own || message.subjectFi;
}

/** The mail log of each registration named, by id; registrations with none are left out. */
export async function mailLogsOf(
	db: Db | Tx,
	registrations: { id: string; locale: string }[]
): Promise<Map<string, MailLog>> {
	const logs = new Map<string, MailLog>();
	if (registrations.length === 0) return logs;
	const ids = registrations.map((r) => r.id);
	const localeOf = new Map(registrations.map((r) => [r.id, r.locale]));
	const logOf = (id: string) => {
		let log = logs.get(id);
		if (!log) logs.set(id, (log = { reminders: [], messages: [] }));
		return log;
	};
	const reminders = await db
		.select({
			registrationId: reminderDelivery.registrationId,
			kind: eventReminder.kind,
			hours: eventReminder.hours,
			sentAt: reminderDelivery.createdAt
		})
		.from(reminderDelivery)
		.innerJoin(eventReminder, eq(eventReminder.id, reminderDelivery.reminderId))
		.where(inArray(reminderDelivery.registrationId, ids))
		.orderBy(asc(reminderDelivery.createdAt));
	for (const { registrationId, ...reminder } of reminders)
		logOf(registrationId).reminders.push(reminder);
	const messages = await db
		.select({
			registrationId: eventMessageRecipient.registrationId,
			subjectFi: eventMessage.subjectFi,
			subjectSv: eventMessage.subjectSv,
			subjectEn: eventMessage.subjectEn,
			marketing: eventMessage.marketing,
			sentAt: eventMessageRecipient.createdAt
		})
		.from(eventMessageRecipient)
		.innerJoin(eventMessage, eq(eventMessage.id, eventMessageRecipient.messageId))
		.where(inArray(eventMessageRecipient.registrationId, ids))
		.orderBy(asc(eventMessageRecipient.createdAt));
	for (const m of messages) {
		logOf(m.registrationId).messages.push({
			subject: subjectIn(m, localeOf.get(m.registrationId) ?? 'fi'),
			marketing: m.marketing,
			sentAt: m.sentAt
		});
	}
	return logs;
}
