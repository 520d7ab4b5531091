import { and, eq, gt, lte, notExists } from 'drizzle-orm';
import type { Tx } from '../db';
import { registration, registrationGroup, registrationGroupMember } from '../db/schema';

/**
 * A group (the booker's contact details and the attendees as entered) is kept as long as its
 * registrations: it goes once its purge date has passed and none of its registrations is still
 * kept, with its members and the booker's link (both by cascade). Run after the registrations'
 * own anonymisation, in the same transaction.
 */
export async function deleteExpiredGroups(tx: Tx, now: Date): Promise<number> {
	const stillKept = tx
		.select({ id: registrationGroupMember.id })
		.from(registrationGroupMember)
		.innerJoin(registration, eq(registration.id, registrationGroupMember.registrationId))
		.where(
			and(
				eq(registrationGroupMember.groupId, registrationGroup.id),
				gt(registration.purgeAfter, now)
			)
		);
	const deleted = await tx
		.delete(registrationGroup)
		.where(and(lte(registrationGroup.purgeAfter, now), notExists(stillKept)))
		.returning({ id: registrationGroup.id });
	return deleted.length;
}
