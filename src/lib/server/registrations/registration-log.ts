import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import {
	checkIn,
	eventMessage,
	eventMessageRecipient,
	eventReminder,
	reminderDelivery,
	type CheckInOutcome,
	type CheckInSource,
	type ReminderKind
} from '../db/schema';

/**
 * What happened with one registration beyond its own row, for Art. 15 and 20: which reminders and
 * messages about the event went to it, and its check-ins at the door.
 */
export interface RegistrationLog {
	reminders: { kind: ReminderKind; hours: number; sentAt: Date }[];
	/** The text is the event's, not the person's: the subject in their language stands for it. */
	messages: { subject: string; marketing: boolean; sentAt: Date }[];
	/**
	 * Every check-in that reached the server, the refused and duplicate ones too. Which staff
	 * member and which door device are left out, as the access report leaves out staff names: they
	 * act for the controller and are not recipients (Art. 4(9); CJEU C-579/21 Pankki S).
	 */
	checkIns: { at: Date; receivedAt: Date; source: CheckInSource; outcome: CheckInOutcome }[];
}

export const EMPTY_REGISTRATION_LOG: RegistrationLog = {
	reminders: [],
	messages: [],
	checkIns: []
};

type Subjects = { subjectFi: string; subjectSv: string; subjectEn: string };

/** The subject the registrant got: their language's, or Finnish where that one was left empty. */
function subjectIn(message: Subjects, locale: string): string {
	const own = locale === 'sv' ? message.subjectSv : locale === 'en' ? message.subjectEn : '';
	return own || message.subjectFi;
}

/** The log of each registration named, by id; registrations with none are left out. */
export async function registrationLogsOf(
	db: Db | Tx,
	registrations: { id: string; locale: string }[]
): Promise<Map<string, RegistrationLog>> {
	const logs = new Map<string, RegistrationLog>();
	if (registrations.length === 0) return logs;
	const ids = registrations.map((r) => r.id);
	const localeOf = new Map(registrations.map((r) => [r.id, r.locale]));
	const logOf = (id: string) => {
		let log = logs.get(id);
		if (!log) logs.set(id, (log = { reminders: [], messages: [], checkIns: [] }));
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
	const checkIns = await db
		.select({
			registrationId: checkIn.registrationId,
			at: checkIn.at,
			receivedAt: checkIn.receivedAt,
			source: checkIn.source,
			outcome: checkIn.outcome
		})
		.from(checkIn)
		.where(inArray(checkIn.registrationId, ids))
		.orderBy(asc(checkIn.at), asc(checkIn.receivedAt));
	for (const { registrationId, ...entry } of checkIns) logOf(registrationId).checkIns.push(entry);
	return logs;
}
