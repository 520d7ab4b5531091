import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	accessToken,
	registration,
	registrationGroup,
	registrationGroupMember
} from '../db/schema';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { makeGroup } from '$tests/groups';
import { openRegistrationScene } from '$tests/registration-fixtures';
import { runRetention } from './run';

const DAY_MS = 86_400_000;

describe.each(DATABASE_KINDS)('groups and retention on %s', (kind) => {
	const scene = openRegistrationScene(kind);

	async function groupPurgedOn(tag: string, purgeAfter: Date, lastRegistrationPurge: Date) {
		const ev = await makeEvent(scene.db);
		const made = await makeGroup(scene, ev, {
			booker: { firstName: 'Kalle', lastName: tag, email: `kalle.${tag}@example.fi` },
			attendees: [
				{ firstName: 'Aino', lastName: tag, email: `aino.${tag}@example.fi` },
				{ firstName: 'Bertta', lastName: tag, email: `bertta.${tag}@example.fi` }
			]
		});
		const ids = made.members.map((m) => m.registrationId!);
		await scene.db.update(registration).set({ purgeAfter }).where(inArray(registration.id, ids));
		await scene.db
			.update(registration)
			.set({ purgeAfter: lastRegistrationPurge })
			.where(eq(registration.id, ids[1]!));
		await scene.db
			.update(registrationGroup)
			.set({ purgeAfter })
			.where(eq(registrationGroup.id, made.group.id));
		return made;
	}

	it('deletes a group once it and all its registrations are past their date', async () => {
		const now = new Date();
		const past = new Date(now.getTime() - DAY_MS);
		const due = await groupPurgedOn('due', past, past);
		// Its date has passed, but one registration is still kept (e.g. moved to a later date).
		const held = await groupPurgedOn('held', past, new Date(now.getTime() + DAY_MS));

		const dry = await runRetention(scene.db, { trigger: 'cli', dryRun: true, now });
		expect(dry.ran && dry.counts.groupsDeleted).toBe(1);
		const outcome = await runRetention(scene.db, { trigger: 'cli', now });
		expect(outcome.ran && outcome.counts.groupsDeleted).toBe(1);

		const left = await scene.db
			.select({ id: registrationGroup.id })
			.from(registrationGroup)
			.where(inArray(registrationGroup.id, [due.group.id, held.group.id]));
		expect(left).toEqual([{ id: held.group.id }]);
		expect(
			await scene.db
				.select()
				.from(registrationGroupMember)
				.where(eq(registrationGroupMember.groupId, due.group.id))
		).toEqual([]);
		expect(
			await scene.db.select().from(accessToken).where(eq(accessToken.groupId, due.group.id))
		).toEqual([]);
	});
});
