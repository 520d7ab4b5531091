import { z } from 'zod';
import { multiLine } from './text';
import { formatLocalEventTime, parseLocalEventTime } from '../datetime';
import { phoneField, type IsPhoneNumber } from './phone';
import { wholeNumberField } from './whole-number';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Field errors are message keys; the staff form translates them. */
export type EventErrorKey =
	| 'required'
	| 'tooLong'
	| 'dateInvalid'
	| 'endsBeforeStart'
	| 'closesBeforeOpens'
	| 'closesAfterEnd'
	| 'opensAfterEnd'
	| 'capacityInvalid'
	| 'capacityBelowConfirmed'
	| 'retentionInvalid'
	| 'policyInvalid'
	| 'email'
	| 'phoneInvalid'
	| 'offerHoursInvalid';

export const FIELD_POLICIES = ['hidden', 'optional', 'required'] as const;
/** When a seat frees up: confirm the first in line, or offer it to them until a deadline. */
export const WAITLIST_MODES = ['automatic', 'offer'] as const;
export const MAX_OFFER_HOURS = 336;
export const DEFAULT_OFFER_HOURS = 24;

/** Every field of an event form, in the order the form shows them; the domain compares the same set. */
export const EVENT_FIELD_KEYS = [
	'titleFi',
	'titleSv',
	'titleEn',
	'descriptionFi',
	'descriptionSv',
	'descriptionEn',
	'startsAt',
	'endsAt',
	'location',
	'capacity',
	'registrationOpensAt',
	'registrationClosesAt',
	'phonePolicy',
	'addressPolicy',
	'retentionDays',
	'waitlistMode',
	'offerHours',
	'contactName',
	'contactEmail',
	'contactPhone'
] as const;
export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_RETENTION_DAYS = 3650;

const text = (max: number) => z.string().overwrite(multiLine).trim().max(max, 'tooLong');
const requiredText = (max: number) => text(max).min(1, 'required');

// datetime-local inputs send "2026-12-10T10:00"; the time is Finnish whatever the browser's zone.
const optionalTime = z
	.string()
	.trim()
	.refine((value) => value === '' || parseLocalEventTime(value) !== null, 'dateInvalid');
const requiredTime = optionalTime.min(1, 'required');

// Empty reads as missing rather than as a silent 0; '1e5' or '0x10' is refused, never read as 1 or 0.
const wholeNumber = (max: number, key: EventErrorKey) =>
	wholeNumberField<EventErrorKey>({ max, invalidKey: key });

const policy = z.enum(FIELD_POLICIES, { error: 'policyInvalid' });

const optionalEmail = text(254).regex(new RegExp(`^$|${z.regexes.email.source}`), 'email');

/**
 * The event form's fields. Without `isPhoneNumber` (the browser's schema) the contact's phone is
 * only checked for its characters; the server passes libphonenumber's check
 * (src/lib/server/events/schemas.ts), whose metadata must not ship to the browser.
 */
const eventFields = (isPhoneNumber?: IsPhoneNumber) =>
	z.object({
		titleFi: requiredText(200),
		// Swedish and English may be left out: their pages then show the Finnish text (lib/event-text.ts).
		titleSv: text(200),
		titleEn: text(200),
		descriptionFi: text(10_000),
		descriptionSv: text(10_000),
		descriptionEn: text(10_000),
		startsAt: requiredTime,
		endsAt: requiredTime,
		location: requiredText(300),
		capacity: wholeNumber(100_000, 'capacityInvalid'),
		registrationOpensAt: optionalTime,
		registrationClosesAt: optionalTime,
		phonePolicy: policy,
		addressPolicy: policy,
		retentionDays: wholeNumber(MAX_RETENTION_DAYS, 'retentionInvalid'),
		waitlistMode: z.enum(WAITLIST_MODES, { error: 'policyInvalid' }),
		offerHours: wholeNumberField<EventErrorKey>({
			min: 1,
			max: MAX_OFFER_HOURS,
			invalidKey: 'offerHoursInvalid'
		}),
		contactName: text(200),
		contactEmail: optionalEmail,
		contactPhone: phoneField(text(30), isPhoneNumber),
		// Only the edit form shows it: when the time or place changes, mail everyone signed up.
		notifyRegistrants: z.boolean().default(false)
	});

const time = (value: string) => (value === '' ? null : parseLocalEventTime(value));

/** The staff event form, for creating and editing alike (the slug is never edited). */
export const eventSchemaWith = (isPhoneNumber?: IsPhoneNumber) =>
	eventFields(isPhoneNumber).superRefine((data, ctx) => {
		const startsAt = time(data.startsAt);
		const endsAt = time(data.endsAt);
		const opensAt = time(data.registrationOpensAt);
		const closesAt = time(data.registrationClosesAt);
		const problem = (path: keyof typeof data, message: EventErrorKey) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (startsAt && endsAt && endsAt <= startsAt) problem('endsAt', 'endsBeforeStart');
		if (opensAt && closesAt && closesAt <= opensAt) {
			problem('registrationClosesAt', 'closesBeforeOpens');
		} else if (closesAt && endsAt && closesAt > endsAt) {
			problem('registrationClosesAt', 'closesAfterEnd');
		}
		if (opensAt && endsAt && opensAt >= endsAt) problem('registrationOpensAt', 'opensAfterEnd');
	});

/** The browser's schema: the phone checked only for its characters. Form actions use the server's. */
export const eventSchema = eventSchemaWith();

export type EventSchema = typeof eventSchema;
export type EventFormData = z.infer<typeof eventSchema>;

/** What a new event's form starts with. */
export const NEW_EVENT_DEFAULTS: Partial<EventFormData> = {
	capacity: 20,
	phonePolicy: 'optional',
	addressPolicy: 'hidden',
	retentionDays: DEFAULT_RETENTION_DAYS,
	waitlistMode: 'automatic',
	offerHours: DEFAULT_OFFER_HOURS
};

export interface EventFields {
	titleFi: string;
	titleSv: string;
	titleEn: string;
	descriptionFi: string;
	descriptionSv: string;
	descriptionEn: string;
	startsAt: Date;
	endsAt: Date;
	location: string;
	capacity: number;
	registrationOpensAt: Date | null;
	registrationClosesAt: Date | null;
	phonePolicy: (typeof FIELD_POLICIES)[number];
	addressPolicy: (typeof FIELD_POLICIES)[number];
	retentionDays: number;
	waitlistMode: (typeof WAITLIST_MODES)[number];
	offerHours: number;
	contactName: string;
	contactEmail: string;
	/** E.164 once the server has normalised it (events/manage.ts). */
	contactPhone: string;
}

/** Validated form data as the domain takes it: Finnish local times become instants. */
export function toEventFields(data: EventFormData): EventFields {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- not a field of the event
	const { notifyRegistrants, ...fields } = data;
	return {
		...fields,
		startsAt: parseLocalEventTime(data.startsAt)!,
		endsAt: parseLocalEventTime(data.endsAt)!,
		registrationOpensAt: time(data.registrationOpensAt),
		registrationClosesAt: time(data.registrationClosesAt)
	};
}

/** An event as the edit form shows it. */
export function toEventFormData(e: EventFields): EventFormData {
	const local = (date: Date | null) => (date ? formatLocalEventTime(date) : '');
	return {
		titleFi: e.titleFi,
		titleSv: e.titleSv,
		titleEn: e.titleEn,
		descriptionFi: e.descriptionFi,
		descriptionSv: e.descriptionSv,
		descriptionEn: e.descriptionEn,
		startsAt: local(e.startsAt),
		endsAt: local(e.endsAt),
		location: e.location,
		capacity: e.capacity,
		registrationOpensAt: local(e.registrationOpensAt),
		registrationClosesAt: local(e.registrationClosesAt),
		phonePolicy: e.phonePolicy,
		addressPolicy: e.addressPolicy,
		retentionDays: e.retentionDays,
		waitlistMode: e.waitlistMode,
		offerHours: e.offerHours,
		contactName: e.contactName,
		contactEmail: e.contactEmail,
		contactPhone: e.contactPhone,
		notifyRegistrants: false
	};
}

/** What the server tells the event form besides field errors. */
export type EventFormMessage =
	| { kind: 'saved'; promoted: number; notified?: number }
	| { kind: 'capacityBelowConfirmed'; confirmed: number };
