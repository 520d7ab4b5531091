import type { Locale } from '../../datetime';
import { localised } from '../../event-text';
import type { GroupErrorKey, GroupSignupData } from '../../schemas/group-signup';
import type { FieldErrorKey } from '../../schemas/registration';
import { config, type RateLimitSpec } from '../config';
import type { Db, Tx } from '../db';
import { isUniqueViolation } from '../db/errors';
import {
	registration,
	registrationGroup,
	registrationGroupMember,
	type Event,
	type GroupMode,
	type Registration
} from '../db/schema';
import * as mail from '../mail';
import { renderGroupMail } from '../mail/templates/group';
import { eventReplyTo, localePath, type MailContext } from '../mail-context';
import { normaliseEmail, normaliseOptionalEmail } from '../person/email';
import { normalisePhone } from '../phone';
import { NOTICE_VERSION } from '../privacy/notice';
import * as rateLimits from '../rate-limit';
import { enqueueRegistrationMail } from '../registrations/mailing';
import { claimPlaces } from '../registrations/places';
import { waitlistRank } from '../registrations/queries';
import {
	findActiveRegistration,
	mailAlreadyRegistered,
	personFor,
	purgeAfterFor,
	type RegisterInput
} from '../registrations/register';
import { applySuppression } from '../suppression';
import { newTicket, withTicket, type NewTicket } from '../tickets';
import * as tokens from '../tokens';
import { groupManageUrl } from './links';
import { groupSignupSchemaFor } from './schemas';

export interface RegisterGroupInput extends MailContext {
	event: Event;
	/** The group form as posted: the booker's own fields and the attendee rows. */
	data: GroupSignupData;
	/** The booker's language: every mail of the group and its registrations. */
	locale: Locale;
	/** As for a single sign-up; asked for the booker only. */
	askNewsConsent?: RegisterInput['askNewsConsent'];
	now?: Date;
}

/** A field error by form path: `email`, or a row's `attendeeEmail[1]`. */
export type GroupErrors = Record<string, FieldErrorKey | GroupErrorKey>;

export type RegisterGroupResult =
	| {
			ok: true;
			groupId: string;
			/** In the order entered; what the booker was told (a repeat reads like the others). */
			members: { position: number; status: 'confirmed' | 'waitlisted' }[];
	  }
	| { ok: false; reason: 'closed' }
	| { ok: false; reason: 'noRoom'; seatsLeft: number; people: number }
	| { ok: false; reason: 'invalid'; errors: GroupErrors };

/**
 * Confirmations with the Art. 14 notice per attendee address per day, over every event. A booker
 * can type anyone's address, so the group form must not become a way to fill a stranger's inbox:
 * over the cap the attendee is still registered (the booker sees them like the others) but gets no
 * mail, exactly as a repeated single sign-up past ALREADY_REGISTERED_MAILS.
 */
export const GROUP_ATTENDEE_MAILS: RateLimitSpec = { max: 3, windowSeconds: 86_400 };

/**
 * The booker's mail per booker address per day. A booker who does not attend gives an address
 * nobody checks, so without a cap repeated posts would fill a stranger's inbox; past it the group
 * is still stored and answered alike, only the mail is left out.
 */
export const GROUP_BOOKER_MAILS: RateLimitSpec = { max: 3, windowSeconds: 86_400 };

interface Person {
	isBooker: boolean;
	firstName: string;
	lastName: string;
	email: string | null;
	emailNormalised: string | null;
	phone: string | null;
	street: string | null;
	postalCode: string | null;
	city: string | null;
	ticket: NewTicket;
}

class Refused extends Error {
	constructor(readonly result: Extract<RegisterGroupResult, { ok: false }>) {
		super(result.reason);
	}
}

function formPath(path: readonly PropertyKey[]): string {
	const [field, index] = path;
	return typeof index === 'number' ? `${String(field)}[${index}]` : String(field);
}

/** The people of the form in the order entered: the booker first when they attend. */
function peopleOf(ev: Event, data: GroupSignupData): Person[] {
	const withPhone = ev.phonePolicy !== 'hidden';
	const withAddress = ev.addressPolicy !== 'hidden';
	const person = (
		isBooker: boolean,
		fields: Record<
			'firstName' | 'lastName' | 'email' | 'phone' | 'street' | 'postalCode' | 'city',
			string
		>
	): Person => {
		const ticket = newTicket();
		return {
			isBooker,
			firstName: fields.firstName,
			lastName: fields.lastName,
			email: fields.email.trim() || null,
			emailNormalised: normaliseOptionalEmail(fields.email),
			phone: withPhone && fields.phone ? normalisePhone(fields.phone) : null,
			street: withAddress ? fields.street || null : null,
			postalCode: withAddress ? fields.postalCode || null : null,
			city: withAddress ? fields.city || null : null,
			ticket
		};
	};
	const rows = data.attendeeFirstName.map((firstName, i) =>
		person(false, {
			firstName,
			lastName: data.attendeeLastName[i] ?? '',
			email: data.attendeeEmail[i] ?? '',
			phone: data.attendeePhone[i] ?? '',
			street: data.attendeeStreet[i] ?? '',
			postalCode: data.attendeePostalCode[i] ?? '',
			city: data.attendeeCity[i] ?? ''
		})
	);
	return data.bookerAttends === 'yes' ? [person(true, data), ...rows] : rows;
}

/**
 * Counts a group in the sign-up rate limit: one hit per person, so a group of five uses what five
 * single sign-ups would. Allowed only when every hit was.
 */
export async function countGroupSignup(
	db: Db,
	input: { address: string; people: number; now?: Date }
): Promise<rateLimits.HitResult> {
	const settings = config();
	let result: rateLimits.HitResult = { allowed: true, retryAfterSeconds: 0 };
	for (let i = 0; i < input.people; i++) {
		result = await rateLimits.hit(db, {
			bucket: 'signup',
			address: input.address,
			limit: settings.rateLimits.signups,
			secret: settings.rateKey,
			now: input.now
		});
	}
	return result;
}

/** How many people a group form signs up (the booker counts when they attend). */
export function groupSize(data: Pick<GroupSignupData, 'attendeeFirstName' | 'bookerAttends'>) {
	return data.attendeeFirstName.length + (data.bookerAttends === 'no' ? 0 : 1);
}

async function mayMail(
	tx: Tx,
	bucket: 'group-attendee' | 'group-booker',
	emailNormalised: string,
	now?: Date
) {
	const counted = await rateLimits.hit(tx, {
		bucket,
		address: emailNormalised,
		limit: bucket === 'group-booker' ? GROUP_BOOKER_MAILS : GROUP_ATTENDEE_MAILS,
		secret: config().rateKey,
		now
	});
	return counted.allowed;
}

/**
 * Signs up a booker's group in one transaction: every attendee a registration of their own (own
 * person key, own ticket, own mail with the Art. 14 notice), the group row and its members as
 * entered, and the booker's mail with the link to the group's page. Seats are taken at once under
 * the event row lock (claimPlaces): 'all_or_none' stores nothing unless everyone fits.
 */
export async function registerGroup(
	db: Db,
	input: RegisterGroupInput
): Promise<RegisterGroupResult> {
	const now = input.now ?? new Date();
	const { event: ev, locale } = input;
	const parsed = groupSignupSchemaFor(ev).safeParse(input.data);
	if (!parsed.success) {
		const errors: GroupErrors = {};
		for (const issue of parsed.error.issues) {
			errors[formPath(issue.path)] ??= issue.message as FieldErrorKey;
		}
		return { ok: false, reason: 'invalid', errors };
	}
	const data = parsed.data;
	if (data.attendeeFirstName.length === 0) {
		return { ok: false, reason: 'invalid', errors: { attendeeFirstName: 'required' } };
	}
	const mode: GroupMode = data.groupMode!;
	const bookerAttends = data.bookerAttends === 'yes';
	const people = peopleOf(ev, data);
	const purgeAfter = purgeAfterFor(ev);
	const context: MailContext = { origin: input.origin, organizer: input.organizer };
	const eventText = localised(ev, locale);

	const attempt = () =>
		db.transaction(async (tx) => {
			// Before the lock, like a single sign-up: whatever needs no seat is done first.
			const existing: (Registration | null)[] = [];
			for (const p of people) {
				existing.push(
					p.emailNormalised ? await findActiveRegistration(tx, ev.id, p.emailNormalised) : null
				);
			}
			const personIds: string[] = [];
			for (const [i, p] of people.entries()) {
				const found = existing[i];
				if (found) {
					personIds.push(found.personId);
					continue;
				}
				// No email: a new person, never the booker's (personFor makes one).
				const personId = await personFor(tx, p.emailNormalised);
				await applySuppression(tx, personId, { email: p.email, phone: p.phone });
				personIds.push(personId);
			}
			const bookerPersonId = bookerAttends
				? personIds[0]!
				: await personFor(tx, normaliseEmail(data.email));

			const claim = await claimPlaces(
				tx,
				ev.id,
				existing.map((found) => !found),
				mode,
				now
			);
			if (!claim.ok) {
				throw new Refused(
					claim.reason === 'closed'
						? { ok: false, reason: 'closed' }
						: { ok: false, reason: 'noRoom', seatsLeft: claim.seatsLeft, people: people.length }
				);
			}

			const [group] = await tx
				.insert(registrationGroup)
				.values({
					eventId: ev.id,
					bookerPersonId,
					bookerFirstName: data.firstName,
					bookerLastName: data.lastName,
					bookerEmail: data.email,
					bookerEmailNormalised: normaliseEmail(data.email),
					bookerAttends,
					mode,
					locale,
					noticeVersion: NOTICE_VERSION,
					// Every registration of one event is purged on the same day.
					purgeAfter
				})
				.returning({ id: registrationGroup.id });
			const groupId = group!.id;
			const bookerName = `${data.firstName} ${data.lastName}`;

			for (const [i, p] of people.entries()) {
				const place = claim.places[i]!;
				const found = existing[i];
				let registrationId: string | null = null;
				if (found) {
					// Nothing new: the address's owner hears they are already in (under its cap).
					await mailAlreadyRegistered(tx, found, ev, context, now);
				} else {
					const created = withTicket(
						{
							eventId: ev.id,
							personId: personIds[i]!,
							firstName: p.firstName,
							lastName: p.lastName,
							email: p.email,
							emailNormalised: p.emailNormalised,
							phone: p.phone,
							street: p.street,
							postalCode: p.postalCode,
							city: p.city,
							locale,
							status: place.status,
							waitlistPosition: place.waitlistPosition,
							noticeVersion: NOTICE_VERSION,
							calendarSequence: 0,
							purgeAfter
						},
						p.ticket
					);
					await tx.insert(registration).values(created);
					registrationId = created.id;
					const rank = place.waitlistPosition
						? await waitlistRank(tx, ev.id, place.waitlistPosition)
						: null;
					if (p.isBooker) {
						await enqueueRegistrationMail(tx, place.status, created, ev, context, rank);
					} else if (
						p.emailNormalised &&
						(await mayMail(tx, 'group-attendee', p.emailNormalised, now))
					) {
						await enqueueRegistrationMail(tx, place.status, created, ev, context, rank, undefined, {
							bookerName,
							held: {
								name: `${p.firstName} ${p.lastName}`,
								email: p.email ?? '',
								phone: p.phone,
								address:
									[p.street, [p.postalCode, p.city].filter(Boolean).join(' ')]
										.filter(Boolean)
										.join(', ') || null
							},
							retentionDays: ev.retentionDays,
							privacyUrl: input.origin + localePath(locale, '/privacy'),
							controller: config().controller
						});
					}
				}
				await tx.insert(registrationGroupMember).values({
					groupId,
					position: i + 1,
					registrationId,
					isBooker: p.isBooker,
					firstName: p.firstName,
					lastName: p.lastName,
					email: p.email,
					answeredStatus: place.status
				});
			}

			const token = await tokens.mint(tx, { purpose: 'group', groupId });
			if (await mayMail(tx, 'group-booker', normaliseEmail(data.email), now)) {
				await mail.enqueue(tx, 'group.booker', {
					...renderGroupMail({
						locale,
						to: data.email,
						bookerFirstName: data.firstName,
						bookerAttends,
						event: {
							title: eventText.title,
							location: ev.location,
							startsAt: ev.startsAt,
							endsAt: ev.endsAt
						},
						eventUrl: input.origin + localePath(locale, `/events/${ev.slug}`),
						members: people.map((p, i) => ({
							name: `${p.firstName} ${p.lastName}`,
							email: p.email,
							status: claim.places[i]!.status
						})),
						groupUrl: groupManageUrl(input.origin, locale, token)
					}),
					replyTo: eventReplyTo(ev)
				});
			}
			if (data.newsByEmail) {
				await input.askNewsConsent?.(tx, {
					personId: bookerPersonId,
					email: data.email,
					locale,
					context
				});
			}
			return {
				ok: true as const,
				groupId,
				members: claim.places.map((place, i) => ({ position: i + 1, status: place.status }))
			};
		});

	try {
		const result = await attempt().catch((error: unknown) => {
			// A single sign-up with one of these emails raced past the check; try once more, when the
			// check finds it.
			if (!isUniqueViolation(error)) throw error;
			return attempt();
		});
		mail.wake();
		return result;
	} catch (error) {
		if (error instanceof Refused) return error.result;
		throw error;
	}
}
