import { and, eq, ne } from 'drizzle-orm';
import { exportRegistration } from './export';
import { registrationLogsOf } from './registration-log';
import {
	type DetailsData,
	type FieldErrorKey,
	type FieldPolicies,
	type FieldPolicy
} from '../../schemas/registration';
import type { Db } from '../db';
import { registration, type Event, type Registration } from '../db/schema';
import { formatPhoneForPeople, normalisePhone } from '../phone';
import { detailsSchemaFor } from './schemas';
import * as tokens from '../tokens';
import { listForEmail, waitlistRank } from './queries';

export interface ManageView {
	/** The email the link was sent to; every registration shown shares it. */
	emailNormalised: string;
	/**
	 * The address as the person typed it on the token's registration: the page names it even when
	 * every registration is cancelled and none is left to take it from.
	 */
	email: string;
	personId: string;
	/** The token's own registration. */
	registrationId: string;
	active: { registration: Registration; event: Event; waitlistRank: number | null }[];
	/** The strictest policy over the active registrations: what the details form must ask. */
	policies: FieldPolicies;
	details: DetailsData;
}

const strictness: Record<FieldPolicy, number> = { hidden: 0, optional: 1, required: 2 };
const stricter = (a: FieldPolicy, b: FieldPolicy) => (strictness[a] >= strictness[b] ? a : b);

/**
 * What the holder of a manage link may see: every active registration for the email the link was
 * sent to. Null for an unknown token, so the route answers exactly as for a missing page.
 */
export async function openManage(db: Db, token: string): Promise<ManageView | null> {
	const found = await tokens.find(db, token, 'manage');
	if (!found?.registrationId) return null;
	const [own] = await db
		.select()
		.from(registration)
		.where(eq(registration.id, found.registrationId));
	// Registrants without an email never get a manage token; the check keeps the type honest.
	if (!own?.emailNormalised) return null;
	const rows = await listForEmail(db, own.emailNormalised);
	const active = await Promise.all(
		rows.map(async (row) => ({
			...row,
			waitlistRank:
				row.registration.status === 'waitlisted'
					? await waitlistRank(db, row.event.id, row.registration.waitlistPosition!)
					: null
		}))
	);
	const policies = active.reduce<FieldPolicies>(
		(acc, { event }) => ({
			phonePolicy: stricter(acc.phonePolicy, event.phonePolicy),
			addressPolicy: stricter(acc.addressPolicy, event.addressPolicy)
		}),
		{ phonePolicy: 'hidden', addressPolicy: 'hidden' }
	);
	// The most recently updated registration holds the person's latest details.
	const latest = [own, ...active.map((a) => a.registration)].reduce((a, b) =>
		b.updatedAt > a.updatedAt ? b : a
	);
	return {
		emailNormalised: own.emailNormalised,
		email: own.email ?? own.emailNormalised,
		personId: own.personId,
		registrationId: own.id,
		active,
		policies,
		details: {
			firstName: latest.firstName,
			lastName: latest.lastName,
			// As the person wrote it, not E.164: the form sends it back through normalisePhone.
			phone: latest.phone ? formatPhoneForPeople(latest.phone) : '',
			street: latest.street ?? '',
			postalCode: latest.postalCode ?? '',
			city: latest.city ?? ''
		}
	};
}

export type UpdateResult =
	| { ok: true; updated: number }
	| { ok: false; errors: Partial<Record<keyof DetailsData, FieldErrorKey>> };

/**
 * Corrects the person's details on every active registration. Each registration keeps only the
 * fields its own event asks for, so correcting an address never adds one where it was not collected.
 */
export async function updateDetails(
	db: Db,
	view: ManageView,
	input: DetailsData,
	now: Date = new Date()
): Promise<UpdateResult> {
	const parsed = detailsSchemaFor(view.policies).safeParse(input);
	if (!parsed.success) {
		const errors: Partial<Record<keyof DetailsData, FieldErrorKey>> = {};
		for (const issue of parsed.error.issues) {
			errors[issue.path[0] as keyof DetailsData] ??= issue.message as FieldErrorKey;
		}
		return { ok: false, errors };
	}
	const data = parsed.data;
	const phone = data.phone ? normalisePhone(data.phone) : null;
	if (data.phone && !phone) return { ok: false, errors: { phone: 'phoneInvalid' } };

	await db.transaction(async (tx) => {
		for (const { registration: reg, event: ev } of view.active) {
			const withAddress = ev.addressPolicy !== 'hidden';
			await tx
				.update(registration)
				.set({
					firstName: data.firstName,
					lastName: data.lastName,
					phone: ev.phonePolicy === 'hidden' ? null : phone,
					street: withAddress ? data.street || null : null,
					postalCode: withAddress ? data.postalCode || null : null,
					city: withAddress ? data.city || null : null,
					updatedAt: now
				})
				.where(and(eq(registration.id, reg.id), ne(registration.status, 'cancelled')));
		}
	});
	return { ok: true, updated: view.active.length };
}

/** Who holds the data (Art. 13(1)(a)), as the download names it; phones stay E.164 there. */
export interface ExportController {
	name: string;
	address: string;
	phone: string;
	email: string;
	/** The privacy notice, absolute, in the language of the download's page. */
	privacyUrl: string;
}

/** Everything held for the link's email, cancelled registrations included, for the download. */
export async function exportData(
	db: Db,
	view: ManageView,
	controller: ExportController,
	now: Date = new Date()
) {
	const rows = await listForEmail(db, view.emailNormalised, { includeCancelled: true });
	const logs = await registrationLogsOf(
		db,
		rows.map((row) => row.registration)
	);
	return {
		exportedAt: now.toISOString(),
		controller,
		registrations: rows.map(({ registration: r, event: e }) =>
			exportRegistration(r, e, logs.get(r.id))
		)
	};
}
