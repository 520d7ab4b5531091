import { z } from 'zod';
import { multiLine, oneLine } from './text';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

export const MESSAGE_AUDIENCES = [
	'confirmed',
	'waitlisted',
	'checked_in',
	'not_checked_in'
] as const;
export const MESSAGE_LANGUAGES = ['fi', 'sv', 'en'] as const;

/** Field errors are message keys; the page translates them. */
export type MessageErrorKey = 'required' | 'tooLong' | 'audience' | 'pair';

const subject = z.string().overwrite(oneLine).trim().max(200, 'tooLong');
const body = z.string().overwrite(multiLine).trim().max(20_000, 'tooLong');

/**
 * The compose form of a message to attendees. Finnish is required; Swedish and English are
 * optional as pairs, since a subject without its body (or the reverse) would mix two languages.
 */
export const attendeeMessageSchema = z
	.object({
		id: z.string().trim().max(40).default(''),
		audience: z
			.array(z.enum(MESSAGE_AUDIENCES, { error: 'audience' }))
			.min(1, 'audience')
			.default(['confirmed']),
		marketing: z.boolean().default(false),
		subjectFi: subject.min(1, 'required'),
		bodyFi: body.min(1, 'required'),
		subjectSv: subject,
		bodySv: body,
		subjectEn: subject,
		bodyEn: body
	})
	.superRefine((data, ctx) => {
		for (const [subjectKey, bodyKey] of [
			['subjectSv', 'bodySv'],
			['subjectEn', 'bodyEn']
		] as const) {
			if (data[subjectKey] === '' && data[bodyKey] !== '') {
				ctx.addIssue({ code: 'custom', path: [subjectKey], message: 'pair' });
			} else if (data[subjectKey] !== '' && data[bodyKey] === '') {
				ctx.addIssue({ code: 'custom', path: [bodyKey], message: 'pair' });
			}
		}
	});

export type AttendeeMessageData = z.infer<typeof attendeeMessageSchema>;
