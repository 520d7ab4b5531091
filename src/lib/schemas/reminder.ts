import { z } from 'zod';
import { multiLine, oneLine } from './text';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Up to 90 days before the start: a reminder further out than that reminds nobody of anything. */
export const MAX_REMINDER_HOURS = 90 * 24;
/** The after-event message goes within a week of the end, while the event is still fresh. */
export const MAX_AFTER_EVENT_HOURS = 7 * 24;

const note = z.string().overwrite(multiLine).trim().max(2000, 'tooLong');
const hours = (max: number) =>
	z.number({ error: 'hours' }).int('hours').min(1, 'hours').max(max, 'hours');

/** A reminder before the start: when, and an optional note per language. `id` set: a change. */
export const reminderSchema = z.object({
	id: z.string().trim().max(40).default(''),
	hours: hours(MAX_REMINDER_HOURS).default(24),
	bodyFi: note,
	bodySv: note,
	bodyEn: note
});
export type ReminderData = z.infer<typeof reminderSchema>;

/** Switching a reminder off or on, or deleting one: only which one. */
export const reminderIdSchema = z.object({ id: z.string().trim().min(1).max(40) });

const subject = z.string().overwrite(oneLine).trim().max(200, 'tooLong');

/** The optional message after the event; when on, it needs at least the Finnish text. */
export const afterEventSchema = z
	.object({
		enabled: z.boolean().default(false),
		hours: hours(MAX_AFTER_EVENT_HOURS).default(2),
		subjectFi: subject,
		bodyFi: note,
		subjectSv: subject,
		bodySv: note,
		subjectEn: subject,
		bodyEn: note
	})
	.superRefine((data, ctx) => {
		if (!data.enabled) return;
		if (!data.subjectFi) ctx.addIssue({ code: 'custom', path: ['subjectFi'], message: 'required' });
		if (!data.bodyFi) ctx.addIssue({ code: 'custom', path: ['bodyFi'], message: 'required' });
	});
export type AfterEventData = z.infer<typeof afterEventSchema>;

/** The registrant's own switch on their manage page: which registration, and on or off. */
export const reminderSwitchSchema = z.object({
	registration: z.string().trim().min(1).max(40),
	enabled: z.enum(['true', 'false'])
});
