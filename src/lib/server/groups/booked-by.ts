import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { registrationGroup, registrationGroupMember } from '../db/schema';

export interface BookedBy {
	/** The booker's name; empty once the booker is erased. */
	name: string;
	/** How many attendees the booker entered. */
	size: number;
}

/** For the staff attendee list: which of these registrations a group's booker made, and who. */
export async function bookedByOf(
	db: Db,
	registrationIds: string[]
): Promise<Map<string, BookedBy>> {
	if (registrationIds.length === 0) return new Map();
	const rows = await db
		.select({
			registrationId: registrationGroupMember.registrationId,
			groupId: registrationGroup.id,
			firstName: registrationGroup.bookerFirstName,
			lastName: registrationGroup.bookerLastName
		})
		.from(registrationGroupMember)
		.innerJoin(registrationGroup, eq(registrationGroup.id, registrationGroupMember.groupId))
		.where(inArray(registrationGroupMember.registrationId, registrationIds));
	if (rows.length === 0) return new Map();
	const sizes = await db
		.select({ groupId: registrationGroupMember.groupId, size: count() })
		.from(registrationGroupMember)
		.where(
			inArray(
				registrationGroupMember.groupId,
				rows.map((row) => row.groupId)
			)
		)
		.groupBy(registrationGroupMember.groupId);
	const sizeOf = new Map(sizes.map((row) => [row.groupId, Number(row.size)]));
	return new Map(
		rows.map((row) => [
			row.registrationId!,
			{
				name: [row.firstName, row.lastName].filter(Boolean).join(' '),
				size: sizeOf.get(row.groupId) ?? 0
			}
		])
	);
}
