import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, organisation } from '../db/schema';
import { isId } from '../db/ids';
import { recordContacts, type StaffActor } from './audit';

export type ArchiveResult = 'archived' | 'restored' | 'unchanged' | 'not_found';

/**
 * Archives or restores one record of the register, a contact person or an organisation, under a
 * row lock so two clicks cannot both count; audited as `<type>.archived` or `<type>.restored`.
 * Nothing is deleted. A contact merged into another is gone from the register: not found.
 */
export async function setArchived(
	db: Db,
	actor: StaffActor,
	type: 'contact' | 'organisation',
	id: string,
	archive: boolean
): Promise<ArchiveResult> {
	if (!isId(id)) return 'not_found';
	const table = type === 'contact' ? contactPerson : organisation;
	const live = type === 'contact' ? isNull(contactPerson.mergedIntoId) : undefined;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ archivedAt: table.archivedAt })
			.from(table)
			.where(and(eq(table.id, id), live))
			.for('update');
		if (!row) return 'not_found';
		if ((row.archivedAt !== null) === archive) return 'unchanged';
		const now = new Date();
		await tx
			.update(table)
			.set({ archivedAt: archive ? now : null, updatedAt: now })
			.where(eq(table.id, id));
		const action = archive ? (`${type}.archived` as const) : (`${type}.restored` as const);
		await recordContacts(tx, actor, action, { type, id });
		return archive ? 'archived' : 'restored';
	});
}
