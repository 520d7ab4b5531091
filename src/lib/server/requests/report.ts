import { eq } from 'drizzle-orm';
import { asLocale } from '../../locale';
import type { Db } from '../db';
import { dataSubjectRequest, type DataSubjectRequest } from '../db/schema';
import * as mail from '../mail';
import { renderReportMail } from '../mail/templates/requests';
import { CHANNELS } from '../permissions/rules';
import { NOTICE_VERSION } from '../privacy/notice';
import { exportRegistration } from '../registrations/export';
import type { MailContext } from '../mail-context';
import { findPersonData, type PersonData } from './find';
import { getRequest, lockOpen, requesterQuery, recordRequest, type StaffActor } from './queue';
import { reportText } from './report-text';

export interface ReportContext {
	controller: { name: string; address: string; email: string; phone: string };
	/** The site's origin, for the privacy notice's address. */
	origin: string;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * Art. 15 and 20: everything held about the person, in one structure that the printable page, the
 * JSON download and the report email all render. Personal values as stored; the trail of what was
 * done with their data as actions and times (the staff members' names are left out).
 */
export function accessReport(
	data: PersonData,
	request: Pick<DataSubjectRequest, 'id' | 'kind' | 'receivedAt'> | null,
	context: ReportContext,
	now: Date = new Date()
) {
	const organisationOf = new Map(data.organisations.map((org) => [org.id, org]));
	return {
		generatedAt: now.toISOString(),
		controller: context.controller,
		privacyNotice: { url: `${context.origin}/privacy`, version: NOTICE_VERSION },
		request: request
			? { id: request.id, kind: request.kind, receivedAt: request.receivedAt.toISOString() }
			: null,
		registrations: data.registrations.map((r) => ({
			...exportRegistration(r, r.event, data.logs.get(r.id)),
			// Art. 14/15: where the data came from when someone else (a group's booker) gave it.
			registeredBy: data.groupSources.get(r.id) ?? null
		})),
		groupsBooked: data.groupsBooked,
		// What a booker typed about them, even where nothing new was stored (already registered).
		enteredByOthers: data.enteredByOthers,
		contacts: data.contacts.map((c) => {
			const org = c.organisationId ? organisationOf.get(c.organisationId) : undefined;
			return {
				firstName: c.firstName,
				lastName: c.lastName,
				email: c.email,
				phone: c.phone,
				title: c.title,
				organisation: org ? { name: org.name, businessId: org.businessId } : null,
				source: c.source,
				legalBasis: c.basis,
				state: c.mergedIntoId ? 'merged' : c.archivedAt ? 'archived' : 'active',
				inRegisterSince: c.createdAt.toISOString(),
				updatedAt: c.updatedAt.toISOString(),
				noticeSentAt: iso(c.noticeSentAt)
			};
		}),
		organisations: data.organisations.map((org) => ({
			name: org.name,
			businessId: org.businessId,
			asContactPerson: org.viaContact,
			holdsYourEmail: org.holdsTheirEmail,
			holdsYourPhone: org.holdsTheirPhone
		})),
		marketing: {
			current: Object.fromEntries(
				CHANNELS.map((channel) => {
					const state = data.marketing.state[channel];
					return [
						channel,
						{
							decision: state.decision,
							basis: state.basis,
							since: iso(state.since),
							mayMarket: state.mayMarket
						}
					];
				})
			),
			history: data.marketing.history.map((h) => ({
				channel: h.channel,
				decision: h.decision,
				basis: h.basis,
				source: h.source,
				recordedAt: h.recordedAt.toISOString(),
				recordedBy: h.recordedByPerson ? 'you' : h.staffName ? 'staff' : 'system',
				note: h.note,
				wording: h.wording ? { version: h.wording.version, text: h.wording.text } : null
			}))
		},
		consentRequests: data.consentRequests.map((c) => ({
			channel: c.channel,
			email: c.email,
			requestedAt: c.createdAt.toISOString(),
			expiresAt: c.expiresAt.toISOString(),
			confirmedAt: iso(c.confirmedAt)
		})),
		requests: data.requests.map((r) => ({
			kind: r.kind,
			status: r.status,
			channel: r.channel,
			receivedAt: r.receivedAt.toISOString()
		})),
		activity: data.auditEvents.map((e) => ({
			at: e.at.toISOString(),
			action: e.action,
			by: e.actorKind
		})),
		activeLinks: data.tokens,
		queuedMessages: data.outboxIds.length
	};
}

export type AccessReport = ReturnType<typeof accessReport>;

/** The report for a request, as held now; null for an unknown request. */
export async function buildAccessReport(
	db: Db,
	requestId: string,
	context: ReportContext,
	now: Date = new Date()
): Promise<AccessReport | null> {
	const request = await getRequest(db, requestId);
	if (!request) return null;
	const data = await findPersonData(db, requesterQuery(request));
	return accessReport(data, request, context, now);
}

export type SendReportResult =
	| { ok: true; to: string }
	| { ok: false; reason: 'not_found' | 'closed' | 'not_access' | 'not_verified' | 'no_email' };

/**
 * Sends the report to the address the request was verified from, and to no other, then closes the
 * request. Someone verified without email (an admin's identity check) gets the printed report by
 * other means; the admin completes the request with a note.
 */
export async function sendAccessReport(
	db: Db,
	actor: StaffActor,
	id: string,
	context: MailContext & ReportContext,
	now: Date = new Date()
): Promise<SendReportResult> {
	const result = await db.transaction(async (tx): Promise<SendReportResult> => {
		const locked = await lockOpen(tx, id);
		if (!locked.ok) return locked;
		const { request } = locked;
		if (request.kind !== 'access') return { ok: false, reason: 'not_access' };
		if (request.status !== 'verified') return { ok: false, reason: 'not_verified' };
		const to = request.verificationEmail;
		if (!to) return { ok: false, reason: 'no_email' };
		const data = await findPersonData(tx, requesterQuery(request));
		const report = accessReport(data, request, context, now);
		const locale = asLocale(request.locale);
		await mail.enqueue(
			tx,
			'request.report',
			renderReportMail({
				locale,
				to,
				controller: context.organizer,
				json: JSON.stringify(report, null, 2),
				text: reportText(report, locale),
				generatedAt: now
			})
		);
		await tx
			.update(dataSubjectRequest)
			.set({
				status: 'completed',
				reportSentAt: now,
				completedAt: now,
				outcome: 'Report sent by email to the address the request was verified from.',
				updatedAt: now
			})
			.where(eq(dataSubjectRequest.id, id));
		await recordRequest(tx, actor, 'request.report_sent', id, {
			registrations: report.registrations.length,
			contacts: report.contacts.length
		});
		return { ok: true, to };
	});
	if (result.ok) mail.wake();
	return result;
}
