import type { Locale } from '$lib/datetime';
import type { RequestView } from '$lib/server/requests';
import { eventTitle } from '$lib/event-text';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The request page's data: plain values, dates as ISO strings, titles in the reader's language. */
export function presentRequest(view: RequestView, locale: Locale) {
	const { request, data } = view;
	const title = (e: { titleFi: string; titleEn: string }) => eventTitle(e, locale);
	const organisationName = new Map(data.organisations.map((o) => [o.id, o.name]));
	return {
		request: {
			id: request.id,
			kind: request.kind,
			status: request.status,
			channel: request.channel,
			requesterEmail: request.requesterEmail,
			requesterPhone: request.requesterPhone,
			note: request.note,
			received: request.receivedAt.toISOString(),
			dueAt: request.dueAt.toISOString(),
			extendedUntil: iso(request.extendedUntil),
			extensionReason: request.extensionReason,
			verificationEmail: request.verificationEmail,
			verificationSent: iso(request.verificationSentAt),
			verificationMethod: request.verificationMethod,
			identityCheck: request.identityCheck,
			verified: iso(request.verifiedAt),
			completed: iso(request.completedAt),
			outcome: request.outcome,
			reportSent: iso(request.reportSentAt),
			createdBy: view.createdByName
		},
		open: view.open,
		due: view.due.toISOString(),
		overdue: view.overdue,
		latestExtension: view.latestExtension.toISOString(),
		holdsAnything: view.holdsAnything,
		emailOnRecord: view.emailOnRecord,
		found: {
			people: data.subjects.people.length,
			registrations: data.registrations.map((r) => ({
				id: r.id,
				eventId: r.event.id,
				event: title(r.event),
				starts: r.event.startsAt.toISOString(),
				name: `${r.firstName} ${r.lastName}`,
				email: r.email,
				phone: r.phone,
				address: [r.street, r.postalCode, r.city].filter(Boolean).join(', ') || null,
				status: r.status,
				checkedIn: iso(r.checkedInAt),
				registered: r.createdAt.toISOString(),
				purgeAfter: r.purgeAfter.toISOString()
			})),
			contacts: data.contacts.map((c) => ({
				id: c.id,
				name: `${c.firstName} ${c.lastName}`,
				email: c.email,
				phone: c.phone,
				title: c.title,
				organisation: c.organisationId ? (organisationName.get(c.organisationId) ?? null) : null,
				organisationId: c.organisationId,
				source: c.source,
				basis: c.basis,
				state: c.mergedIntoId ? 'merged' : c.archivedAt ? 'archived' : 'active',
				since: c.createdAt.toISOString()
			})),
			organisations: data.organisations.map((o) => ({
				id: o.id,
				name: o.name,
				businessId: o.businessId,
				viaContact: o.viaContact,
				holdsTheirEmail: o.holdsTheirEmail,
				holdsTheirPhone: o.holdsTheirPhone
			})),
			marketing: {
				state: Object.entries(data.marketing.state).map(([channel, state]) => ({
					channel,
					decision: state.decision,
					since: iso(state.since)
				})),
				history: data.marketing.history.map((h) => ({
					id: h.id,
					channel: h.channel,
					decision: h.decision,
					source: h.source,
					note: h.note,
					at: h.recordedAt.toISOString(),
					by: h.recordedByPerson ? null : h.staffName
				}))
			},
			consentRequests: data.consentRequests.map((c) => ({
				id: c.id,
				channel: c.channel,
				email: c.email,
				requested: c.createdAt.toISOString(),
				confirmed: iso(c.confirmedAt)
			})),
			requests: data.requests
				.filter((r) => r.id !== request.id)
				.map((r) => ({
					id: r.id,
					kind: r.kind,
					status: r.status,
					received: r.receivedAt.toISOString()
				})),
			auditEvents: data.auditEvents.map((e) => ({
				id: e.id,
				at: e.at.toISOString(),
				action: e.action,
				actorKind: e.actorKind,
				subjectType: e.subjectType
			})),
			tokens: data.tokens,
			outbox: data.outboxIds.length,
			dismissed: data.dismissed
		},
		erasure: view.erasure
			? {
					anonymise: view.erasure.anonymise,
					upcoming: view.erasure.upcoming,
					contacts: view.erasure.contacts,
					ledgerRows: view.erasure.ledgerRows,
					consentRequests: view.erasure.consentRequests,
					tokens: view.erasure.tokens,
					outbox: view.erasure.outbox,
					auditEvents: view.erasure.auditEvents,
					organisations: view.erasure.organisations,
					requests: view.erasure.requests,
					suppress: view.erasure.suppress
				}
			: null
	};
}

export type RequestPage = ReturnType<typeof presentRequest>;
