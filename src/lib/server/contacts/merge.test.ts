import { openStaffScene } from '$tests/scene';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { contactPerson, personAlias, registration } from '../db/schema';
import { auditFor } from '$tests/attendees';
import { mergeContacts, mergedValues, previewMerge, searchMergeCandidates } from './merge';
import { personKeysOf, resolvePerson } from '../person/keys';
import { DATABASE_KINDS } from '$tests/databases';
import { makeEvent } from '$tests/factories';
import { makeContact, makeOrganisation, signUp } from '$tests/contacts-fixtures';

describe.each(DATABASE_KINDS)('merging contacts on %s', (kind) => {
	let db: Db;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ db, staff } = scene));

	const contactRow = async (id: string) =>
		(await db.select().from(contactPerson).where(eq(contactPerson.id, id)))[0]!;

	it('previews both records field by field and marks what differs', async () => {
		const org = await makeOrganisation(db, { name: 'Rahti Oy' });
		const survivor = await makeContact(db, { phone: null, title: 'Fleet manager' });
		const duplicate = await makeContact(db, {
			phone: '+358401234567',
			title: 'Fleet manager',
			organisationId: org.id
		});
		const result = await previewMerge(db, survivor.id, duplicate.id);
		if (!result.ok) throw new Error(result.reason);
		const fields = Object.fromEntries(result.preview.fields.map((f) => [f.field, f]));
		expect(fields.firstName).toMatchObject({ differs: false, suggested: 'survivor' });
		expect(fields.title).toMatchObject({ survivor: 'Fleet manager', differs: false });
		expect(fields.email).toMatchObject({
			survivor: survivor.email,
			duplicate: duplicate.email,
			differs: true,
			suggested: 'survivor'
		});
		// An empty value on the survivor suggests taking the duplicate's.
		expect(fields.phone).toMatchObject({
			survivor: null,
			duplicate: '+358401234567',
			differs: true,
			suggested: 'duplicate'
		});
		expect(fields.organisationId).toMatchObject({ duplicate: org.id, suggested: 'duplicate' });
		expect(result.preview.duplicate.organisationName).toBe('Rahti Oy');
		expect(mergedValues(result.preview, { phone: 'survivor' })).toMatchObject({
			phone: null,
			organisationId: org.id,
			email: survivor.email
		});
	});

	it('applies the chosen fields, archives the duplicate and writes the alias and the audit row', async () => {
		const org = await makeOrganisation(db);
		const survivor = await makeContact(db, { firstName: 'Aino', title: null, basis: 'consent' });
		const duplicate = await makeContact(db, {
			firstName: 'Aino-Maria',
			title: 'Purchaser',
			organisationId: org.id,
			basis: 'customer_relationship',
			noticeSentAt: new Date('2025-01-01T00:00:00Z')
		});
		const result = await mergeContacts(db, staff, {
			survivorId: survivor.id,
			duplicateId: duplicate.id,
			choices: { firstName: 'duplicate', email: 'duplicate', basis: 'duplicate' }
		});
		expect(result).toEqual({
			ok: true,
			survivorId: survivor.id,
			fromDuplicate: ['firstName', 'email', 'title', 'organisationId', 'basis']
		});

		const after = await contactRow(survivor.id);
		expect(after).toMatchObject({
			firstName: 'Aino-Maria',
			lastName: 'Virtanen',
			email: duplicate.email,
			emailNormalised: duplicate.emailNormalised,
			title: 'Purchaser',
			organisationId: org.id,
			basis: 'customer_relationship',
			mergedIntoId: null,
			archivedAt: null
		});
		expect(after.noticeSentAt?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
		expect(after.updatedAt.getTime()).toBeGreaterThan(survivor.updatedAt.getTime());
		const gone = await contactRow(duplicate.id);
		expect(gone.mergedIntoId).toBe(survivor.id);
		expect(gone.archivedAt).not.toBeNull();
		// History is not rewritten: the duplicate keeps its own key and fields.
		expect(gone).toMatchObject({ personId: duplicate.personId, firstName: 'Aino-Maria' });

		const aliases = await db
			.select()
			.from(personAlias)
			.where(eq(personAlias.personId, duplicate.personId));
		expect(aliases).toEqual([
			expect.objectContaining({
				canonicalId: survivor.personId,
				reason: 'merge',
				createdBy: staff.id
			})
		]);
		const [entry] = await auditFor(db, 'contact.merged', survivor.id);
		expect(entry).toMatchObject({
			actorId: staff.id,
			subjectType: 'contact',
			details: {
				duplicateId: duplicate.id,
				fromDuplicate: ['firstName', 'email', 'title', 'organisationId', 'basis']
			}
		});
		// Field names only: no value of either record reaches the trail.
		expect(JSON.stringify(entry!.details)).not.toMatch(/Aino|Purchaser|@/);
	});

	it("shows the duplicate's registrations under the survivor's key", async () => {
		const reg = await signUp(db, await makeEvent(db), { email: 'linked.registrant@example.fi' });
		const survivor = await makeContact(db);
		const duplicate = await makeContact(db);
		// The registrant was linked to the duplicate before anyone noticed the two records.
		await db
			.insert(personAlias)
			.values({ personId: reg.personId, canonicalId: duplicate.personId, reason: 'link' });

		expect(await personKeysOf(db, survivor.personId)).toEqual([survivor.personId]);
		const result = await mergeContacts(db, staff, {
			survivorId: survivor.id,
			duplicateId: duplicate.id,
			choices: {}
		});
		expect(result.ok).toBe(true);
		expect((await personKeysOf(db, survivor.personId)).sort()).toEqual(
			[survivor.personId, duplicate.personId, reg.personId].sort()
		);
		expect(await resolvePerson(db, reg.personId)).toBe(survivor.personId);
		// The link itself was not re-pointed, and the registration kept its key.
		const [link] = await db
			.select()
			.from(personAlias)
			.where(eq(personAlias.personId, reg.personId));
		expect(link).toMatchObject({ canonicalId: duplicate.personId, reason: 'link' });
		const [still] = await db.select().from(registration).where(eq(registration.id, reg.id));
		expect(still!.personId).toBe(reg.personId);
	});

	it('refuses a contact with itself, a merged one, the same person and unknown ids', async () => {
		const a = await makeContact(db);
		const b = await makeContact(db);
		const c = await makeContact(db);
		const merge = (survivorId: string, duplicateId: string) =>
			mergeContacts(db, staff, { survivorId, duplicateId, choices: {} });

		expect(await merge(a.id, a.id)).toEqual({ ok: false, reason: 'self' });
		expect(await previewMerge(db, a.id, a.id)).toEqual({ ok: false, reason: 'self' });
		expect(await merge(a.id, crypto.randomUUID())).toEqual({ ok: false, reason: 'not_found' });
		expect(await merge('not-an-id', a.id)).toEqual({ ok: false, reason: 'not_found' });
		expect(await previewMerge(db, a.id, 'nope')).toEqual({ ok: false, reason: 'not_found' });

		expect((await merge(a.id, b.id)).ok).toBe(true);
		expect(await merge(a.id, b.id)).toEqual({ ok: false, reason: 'already_merged' });
		expect(await merge(b.id, c.id)).toEqual({ ok: false, reason: 'already_merged' });
		expect(await previewMerge(db, c.id, b.id)).toEqual({ ok: false, reason: 'already_merged' });

		// Two live records whose keys already resolve to one person (a stray alias) stay apart.
		const d = await makeContact(db);
		await db.transaction(async (tx) => {
			await tx.update(contactPerson).set({ mergedIntoId: null }).where(eq(contactPerson.id, b.id));
		});
		expect(await previewMerge(db, a.id, b.id)).toEqual({ ok: false, reason: 'same_person' });
		expect(await merge(b.id, a.id)).toEqual({ ok: false, reason: 'same_person' });
		expect((await merge(c.id, d.id)).ok).toBe(true);
		expect(await auditFor(db, 'contact.merged', b.id)).toEqual([]);
	});

	it('lets only one of two crossing merges win', async () => {
		const a = await makeContact(db);
		const b = await makeContact(db);
		const results = await Promise.all([
			mergeContacts(db, staff, { survivorId: a.id, duplicateId: b.id, choices: {} }),
			mergeContacts(db, staff, { survivorId: b.id, duplicateId: a.id, choices: {} })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already_merged' }]);
		const rows = await Promise.all([contactRow(a.id), contactRow(b.id)]);
		expect(rows.filter((r) => r.mergedIntoId === null)).toHaveLength(1);
	});

	it('finds candidates by name or email prefix, without merged records or the contact itself', async () => {
		const self = await makeContact(db, { firstName: 'Äijälä', lastName: 'Mäkelä-Test' });
		const other = await makeContact(db, {
			firstName: 'Pekka',
			lastName: 'Äijälä',
			email: 'pekka.aijala@rahti.fi'
		});
		const merged = await makeContact(db, { firstName: 'Paula', lastName: 'Äijälä' });
		await mergeContacts(db, staff, { survivorId: other.id, duplicateId: merged.id, choices: {} });

		const ids = async (q: string) => (await searchMergeCandidates(db, self.id, q)).map((c) => c.id);
		expect(await ids('ÄIJÄ')).toEqual([other.id]);
		expect(await ids('pek äij')).toEqual([other.id]);
		expect(await ids('pekka.aij')).toEqual([other.id]);
		expect(await ids('mäkelä-test')).toEqual([]);
		expect(await ids('  ')).toEqual([]);
		expect(await ids('100%_')).toEqual([]);
	});
});
