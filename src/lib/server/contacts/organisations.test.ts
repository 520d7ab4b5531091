import { openStaffScene } from '$tests/scene';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import type { OrganisationData } from '../../schemas/contacts';
import { makeContact, organisationData } from '$tests/contacts-fixtures';
import type { Database } from '../db';
import { auditEvent, contactPerson, organisation, person } from '../db/schema';
import { auditFor, explain } from '$tests/attendees';
import {
	archiveOrganisation,
	createOrganisation,
	getOrganisation,
	listOrganisationOptions,
	restoreOrganisation,
	searchOrganisations,
	updateOrganisation
} from './organisations';
import { ORGANISATION_CURSOR_KINDS, organisationSearchCondition } from './organisation-search';
import { parseListQuery } from '../list';
import { DATABASE_KINDS } from '$tests/databases';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/** A valid y-tunnus for a seven-digit body, or null for the bodies no check digit fits. */
function businessIdFor(body: number): string | null {
	const digits = String(body).padStart(7, '0');
	const remainder = [...digits].reduce((sum, d, i) => sum + Number(d) * WEIGHTS[i]!, 0) % 11;
	if (remainder === 1) return null;
	return `${digits}-${remainder === 0 ? 0 : 11 - remainder}`;
}

let next = 1_000_000;
/** A fresh valid y-tunnus, different in each call. */
function freshBusinessId(): string {
	for (;;) {
		const id = businessIdFor(next++);
		if (id) return id;
	}
}

describe.each(DATABASE_KINDS)('organisations on %s', (kind) => {
	let database: Database;
	let staff: { id: string };
	openStaffScene(kind, (scene) => ({ database, staff } = scene));

	const create = async (overrides: Partial<OrganisationData> = {}) => {
		const result = await createOrganisation(database.db, staff, organisationData(overrides));
		if (!result.ok) throw new Error(`not created: ${result.error}`);
		return result.id;
	};
	const row = async (id: string) =>
		(await database.db.select().from(organisation).where(eq(organisation.id, id)))[0]!;

	it('stores the y-tunnus in its canonical form, the phone in E.164 and the email domain', async () => {
		const businessId = freshBusinessId();
		const id = await create({
			name: ' Kanoninen Muoto Oy ',
			businessId: businessId.replace('-', ' '),
			email: 'Info@Kanoninen-Muoto.FI',
			phone: '02 234 5678',
			city: 'Loimaa',
			customerStatus: 'current'
		});
		const stored = await row(id);
		expect(stored).toMatchObject({
			name: 'Kanoninen Muoto Oy',
			businessId,
			email: 'info@kanoninen-muoto.fi',
			emailDomain: 'kanoninen-muoto.fi',
			phone: '+35822345678',
			city: 'Loimaa',
			street: null,
			customerStatus: 'current',
			createdBy: staff.id
		});
		const [created] = await auditFor(database.db, 'organisation.created', id);
		expect(created).toMatchObject({ actorId: staff.id, subjectType: 'organisation' });
	});

	it('refuses an invalid y-tunnus and a phone number that is not one', async () => {
		expect(
			await createOrganisation(database.db, staff, organisationData({ businessId: '1234567-2' }))
		).toEqual({
			ok: false,
			field: 'businessId',
			error: 'businessIdInvalid'
		});
		expect(
			await createOrganisation(database.db, staff, organisationData({ phone: '123' }))
		).toEqual({
			ok: false,
			field: 'phone',
			error: 'phoneInvalid'
		});
	});

	it('keeps a y-tunnus unique, on create, on update and when two are saved at once', async () => {
		const businessId = freshBusinessId();
		const first = await create({ businessId });
		const taken = { ok: false, field: 'businessId', error: 'businessIdTaken' };
		expect(
			await createOrganisation(
				database.db,
				staff,
				organisationData({ businessId: businessId.replace('-', '') })
			)
		).toEqual(taken);
		const second = await create({ businessId: '' });
		expect(
			await updateOrganisation(database.db, staff, second, organisationData({ businessId }))
		).toEqual(taken);
		// Saving the first one again with its own y-tunnus is no conflict.
		expect(
			await updateOrganisation(database.db, staff, first, organisationData({ businessId }))
		).toEqual({
			ok: true,
			id: first
		});

		const contested = freshBusinessId();
		const results = await Promise.all(
			Array.from({ length: 4 }, () =>
				createOrganisation(database.db, staff, organisationData({ businessId: contested }))
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual(Array(3).fill(taken));
		// Organisations without a y-tunnus are not in each other's way.
		await create({ businessId: '' });
	});

	it('updates, sets the email domain again and audits the names of the changed fields', async () => {
		const id = await create({ email: 'myynti@vanha.fi' });
		expect(
			await updateOrganisation(
				database.db,
				staff,
				id,
				organisationData({ email: 'Myynti@Uusi.fi', notes: 'Kolme autoa' })
			)
		).toEqual({ ok: true, id });
		expect(await row(id)).toMatchObject({ email: 'myynti@uusi.fi', emailDomain: 'uusi.fi' });
		const [updated] = await auditFor(database.db, 'organisation.updated', id);
		expect(updated!.details).toEqual({ fields: ['email', 'emailDomain', 'notes'] });
		expect(JSON.stringify(updated!.details)).not.toContain('uusi');

		await updateOrganisation(database.db, staff, id, organisationData({ email: '' }));
		expect(await row(id)).toMatchObject({ email: null, emailDomain: null });
		expect(
			await updateOrganisation(database.db, staff, crypto.randomUUID(), organisationData())
		).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await updateOrganisation(database.db, staff, 'nope', organisationData())).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	describe('search', () => {
		let ids: Record<string, string>;
		const businessId = freshBusinessId();
		beforeAll(async () => {
			ids = {
				aijala: await create({
					name: 'ÄIJÄLÄN KULJETUS OY',
					city: 'Pöytyä',
					email: 'toimisto@aijala.fi',
					phone: '040 765 4321',
					businessId
				}),
				ohman: await create({ name: 'Öhmanin Sora Ky', city: 'ÖLÄNDER', customerStatus: 'former' }),
				other: await create({ name: 'Muu Yhtiö Oy', city: 'Turku', email: 'info@muu.fi' })
			};
		});

		const names = async (q: string, extra: Parameters<typeof searchOrganisations>[2] = {}) =>
			(await searchOrganisations(database.db, staff, { q, ...extra })).rows.map((r) => r.name);

		it('finds by the start of the name, with case and accents folded', async () => {
			expect(await names('äijälän')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('ÄIJÄ')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('öhmanin sora')).toEqual(['Öhmanin Sora Ky']);
			expect(await names('ÖHM')).toEqual(['Öhmanin Sora Ky']);
			expect(await names('ohm')).toEqual(['Öhmanin Sora Ky']);
			expect(await names('aijalan')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('olander')).toEqual(['Öhmanin Sora Ky']);
		});

		it('finds by city, y-tunnus, email, email domain and phone', async () => {
			expect(await names('pöyt')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('öländer')).toEqual(['Öhmanin Sora Ky']);
			expect(await names(businessId)).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names(businessId.slice(0, 5))).toContain('ÄIJÄLÄN KULJETUS OY');
			expect(await names(businessId.replace('-', ''))).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('TOIMISTO@aija')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('@muu.fi')).toEqual(['Muu Yhtiö Oy']);
			expect(await names('muu.fi')).toEqual(['Muu Yhtiö Oy']);
			expect(await names('040 765')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('+358 40 7654321')).toEqual(['ÄIJÄLÄN KULJETUS OY']);
			expect(await names('100%')).toEqual([]);
		});

		it('filters by customer status and counts live contacts', async () => {
			expect(await names('öhm', { status: 'current' })).toEqual([]);
			expect(await names('öhm', { status: 'former' })).toEqual(['Öhmanin Sora Ky']);
			await makeContact(database.db, { organisationId: ids.other!, lastName: 'Muu', email: null });
			const page = await searchOrganisations(database.db, staff, { q: 'muu yhtiö' });
			expect(page.rows.map((r) => [r.id, r.contacts])).toEqual([[ids.other, 1]]);
		});

		it('records each listing with a count and never the search text', async () => {
			const before = await database.db.select().from(auditEvent);
			await searchOrganisations(database.db, staff, { q: 'äijälän' });
			const after = await database.db.select().from(auditEvent);
			const added = after.filter((a) => !before.some((b) => b.id === a.id));
			expect(added).toHaveLength(1);
			expect(added[0]).toMatchObject({ action: 'organisations.listed', count: 1 });
			expect(added[0]!.details).toEqual({
				continued: false,
				status: 'all',
				includeArchived: false,
				searched: true
			});
		});
		it('searches names, cities, emails and whole y-tunnus from indexes', async () => {
			for (const q of ['äijälän kulj', 'info@muu', 'muu.fi', businessId]) {
				const plan = await explain(
					database.db,
					database.db
						.select({ id: organisation.id })
						.from(organisation)
						.where(and(isNull(organisation.archivedAt), organisationSearchCondition(q)))
				);
				expect(plan, q).not.toContain('Seq Scan');
			}
		});
	});

	it('archives: gone from the default list and the options, shown when asked for, restorable', async () => {
		const id = await create({ name: 'Arkistoitava Oy' });
		expect(await archiveOrganisation(database.db, staff, id)).toBe('archived');
		expect(await archiveOrganisation(database.db, staff, id)).toBe('unchanged');
		const listed = (q: string, includeArchived: boolean) =>
			searchOrganisations(database.db, staff, { q, includeArchived }).then((p) =>
				p.rows.map((r) => r.id)
			);
		expect(await listed('arkistoitava', false)).toEqual([]);
		expect(await listed('arkistoitava', true)).toEqual([id]);
		const options = await listOrganisationOptions(database.db);
		expect(options.some((o) => o.id === id)).toBe(false);
		const withIt = await listOrganisationOptions(database.db, id);
		expect(withIt.find((o) => o.id === id)).toMatchObject({ archived: true });
		expect(await auditFor(database.db, 'organisation.archived', id)).toHaveLength(1);

		expect(await restoreOrganisation(database.db, staff, id)).toBe('restored');
		expect(await listed('arkistoitava', false)).toEqual([id]);
		expect(await auditFor(database.db, 'organisation.restored', id)).toHaveLength(1);
		expect(await archiveOrganisation(database.db, staff, crypto.randomUUID())).toBe('not_found');
	});

	it('pages through the list in name order, 50 at a time', async () => {
		for (let i = 0; i < 60; i++) await create({ name: `Sivutus ${String(i).padStart(2, '0')} Oy` });
		const first = await searchOrganisations(database.db, staff, { q: 'sivutus' });
		expect(first).toMatchObject({ total: { count: 60, more: false }, previous: null });
		expect(first.rows).toHaveLength(50);
		const cursor = (direction: 'after' | 'before', token: string | null) =>
			parseListQuery(new URLSearchParams({ [direction]: token! }), {}, ORGANISATION_CURSOR_KINDS)
				.cursor;
		const second = await searchOrganisations(database.db, staff, {
			q: 'sivutus',
			cursor: cursor('after', first.next)
		});
		expect(second.next).toBeNull();
		expect([...first.rows, ...second.rows].map((r) => r.name)).toEqual(
			Array.from({ length: 60 }, (_, i) => `Sivutus ${String(i).padStart(2, '0')} Oy`)
		);
		const back = await searchOrganisations(database.db, staff, {
			q: 'sivutus',
			cursor: cursor('before', second.previous)
		});
		expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
		expect(back.previous).toBeNull();
	});

	it('shows an organisation with its live contacts only, and audits the view', async () => {
		const id = await create({ name: 'Yhteyshenkilöt Oy' });
		const add = async (
			lastName: string,
			extra: Partial<typeof contactPerson.$inferInsert> = {}
		) => {
			const [key] = await database.db.insert(person).values({}).returning();
			const [row] = await database.db
				.insert(contactPerson)
				.values({
					personId: key!.id,
					organisationId: id,
					firstName: 'Testi',
					lastName,
					source: 'manual',
					basis: 'customer_relationship',
					...extra
				})
				.returning();
			return row!;
		};
		const survivor = await add('Öberg');
		await add('Aalto');
		await add('Arkistoitu', { archivedAt: new Date() });
		await add('Yhdistetty', { mergedIntoId: survivor.id });
		const view = await getOrganisation(database.db, staff, id);
		expect(view!.organisation.name).toBe('Yhteyshenkilöt Oy');
		expect(view!.contacts.map((c) => c.lastName)).toEqual(['Aalto', 'Öberg']);
		const [viewed] = await auditFor(database.db, 'organisation.viewed', id);
		expect(viewed).toMatchObject({ count: 1, details: { view: 'page', contacts: 2 } });

		expect(await getOrganisation(database.db, staff, crypto.randomUUID())).toBeNull();
		expect(await getOrganisation(database.db, staff, 'not-an-id')).toBeNull();
	});
});
