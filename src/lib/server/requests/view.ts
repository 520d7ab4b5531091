import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { staffUser, type DataSubjectRequest } from '../db/schema';
import { effectiveDue, isOpen, isOverdue, latestExtension } from './dates';
import { previewErasure, type ErasurePreview } from './erase';
import { emailOnRecord, findPersonData, holdsAnything, type PersonData } from './find';
import { getRequest, recordRequest, type StaffActor } from './queue';
import { accessReport, type AccessReport, type ReportContext } from './report';

export interface RequestView {
	request: DataSubjectRequest;
	createdByName: string | null;
	open: boolean;
	due: Date;
	overdue: boolean;
	/** The furthest the deadline may be extended to. */
	latestExtension: Date;
	data: PersonData;
	holdsAnything: boolean;
	/** Where a verification link (and the report) would go; null when no email is held. */
	emailOnRecord: string | null;
	/** For an open erasure request: what confirming would do. */
	erasure: ErasurePreview | null;
}

/** The request page: the request, everything found about the person, and (reading it) an audit row. */
export async function openRequest(
	db: Db,
	actor: StaffActor,
	id: string,
	now: Date = new Date()
): Promise<RequestView | null> {
	const request = await getRequest(db, id);
	if (!request) return null;
	const [creator] = request.createdBy
		? await db
				.select({ name: staffUser.displayName })
				.from(staffUser)
				.where(eq(staffUser.id, request.createdBy))
		: [];
	const data = await findPersonData(db, {
		email: request.requesterEmail,
		phone: request.requesterPhone,
		personId: request.personId
	});
	const open = isOpen(request.status);
	await recordRequest(db, actor, 'request.viewed', id, {
		registrations: data.registrations.length,
		contacts: data.contacts.length
	});
	return {
		request,
		createdByName: creator?.name ?? null,
		open,
		due: effectiveDue(request),
		overdue: isOverdue(request, now),
		latestExtension: latestExtension(request.dueAt),
		data,
		holdsAnything: holdsAnything(data),
		emailOnRecord: emailOnRecord(data),
		erasure: open && request.kind === 'erasure' ? await previewErasure(db, id, now) : null
	};
}

/** The access report for the printable page or the JSON download, its reading recorded. */
export async function readAccessReport(
	db: Db,
	actor: StaffActor,
	id: string,
	format: 'html' | 'json',
	context: ReportContext,
	now: Date = new Date()
): Promise<AccessReport | null> {
	const request = await getRequest(db, id);
	if (!request) return null;
	const data = await findPersonData(db, {
		email: request.requesterEmail,
		phone: request.requesterPhone,
		personId: request.personId
	});
	await recordRequest(
		db,
		actor,
		format === 'html' ? 'request.report_viewed' : 'request.report_exported',
		id
	);
	return accessReport(data, request, context, now);
}
