import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db';
import {
	contactPerson,
	organisation,
	person,
	registration,
	type NewOrganisation
} from '../db/schema';

/** Fictional customers of the dealer; the y-tunnus values pass the checksum. */
const ORGANISATIONS: (NewOrganisation & { key: string })[] = [
	{
		key: 'korhonen',
		name: 'Korhosen Kuljetus Oy',
		businessId: '1572860-0',
		street: 'Satamakatu 12',
		postalCode: '20100',
		city: 'Turku',
		email: 'info@korhosen-kuljetus.fi',
		emailDomain: 'korhosen-kuljetus.fi',
		phone: '+35822345678',
		customerStatus: 'current'
	},
	{
		key: 'saaristo',
		name: 'Saariston Logistiikka Oy',
		businessId: '2096140-7',
		street: 'Rantatie 3',
		postalCode: '21600',
		city: 'Parainen',
		email: 'toimisto@saaristologistiikka.fi',
		emailDomain: 'saaristologistiikka.fi',
		customerStatus: 'prospect'
	},
	{
		key: 'virtanen',
		name: 'Virtasen Maansiirto Ky',
		businessId: '0737546-2',
		city: 'Raisio',
		customerStatus: 'current'
	},
	{
		key: 'entinen',
		name: 'Hämeen Rahti Oy',
		businessId: '0116297-6',
		city: 'Hämeenlinna',
		customerStatus: 'former',
		notes: 'Kalusto vaihdettu toiselle merkille 2023.'
	}
];

/**
 * Organisations and contact persons for the demo: one registrant of the driver course already
 * turned into a contact, one contact a registrant matches by phone (a suggestion in the queue of
 * registrants not yet linked), and a few others.
 */
export async function seedDemoContacts(tx: Tx, courseId: string | null): Promise<void> {
	const ids = new Map<string, string>();
	for (const { key, ...values } of ORGANISATIONS) {
		const [row] = await tx.insert(organisation).values(values).returning({ id: organisation.id });
		ids.set(key, row!.id);
	}
	const fresh = async () =>
		(await tx.insert(person).values({}).returning({ id: person.id }))[0]!.id;
	await tx.insert(contactPerson).values([
		{
			personId: await fresh(),
			organisationId: ids.get('korhonen')!,
			firstName: 'Eero',
			lastName: 'Korhonen',
			email: 'eero.korhonen@korhosen-kuljetus.fi',
			emailNormalised: 'eero.korhonen@korhosen-kuljetus.fi',
			// The same number as his registration on the driver course: the queue suggests him.
			phone: '+358401007919',
			title: 'Toimitusjohtaja',
			source: 'import',
			basis: 'customer_relationship'
		},
		{
			personId: await fresh(),
			organisationId: ids.get('saaristo')!,
			firstName: 'Riikka',
			lastName: 'Rannikko',
			email: 'riikka.rannikko@saaristologistiikka.fi',
			emailNormalised: 'riikka.rannikko@saaristologistiikka.fi',
			title: 'Kalustopäällikkö',
			source: 'manual',
			basis: 'legitimate_interest'
		},
		{
			personId: await fresh(),
			organisationId: ids.get('entinen')!,
			firstName: 'Olavi',
			lastName: 'Hämäläinen',
			phone: '+358505551234',
			source: 'import',
			basis: 'customer_relationship'
		}
	]);
	if (!courseId) return;
	const [aino] = await tx
		.select()
		.from(registration)
		.where(
			and(
				eq(registration.eventId, courseId),
				eq(registration.emailNormalised, 'aino.virtanen@example.fi')
			)
		);
	if (!aino) return;
	// Copied from her registration, under her person key: her sign-ups show the organisation.
	await tx.insert(contactPerson).values({
		personId: aino.personId,
		organisationId: ids.get('virtanen')!,
		firstName: aino.firstName,
		lastName: aino.lastName,
		email: aino.email,
		emailNormalised: aino.emailNormalised,
		phone: aino.phone,
		title: 'Yrittäjä',
		source: 'registration',
		basis: 'customer_relationship',
		fromRegistrationId: aino.id
	});
}
