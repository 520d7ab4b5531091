/**
 * Test data for the contact and request tests: contact persons and organisations written straight
 * into the tables, and registrants signed up through the real sign-up (so they get a person key,
 * a manage link and their emails the way a visitor would).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import {
	contactPerson,
	organisation,
	person,
	registration,
	type Event,
	type NewContactPerson,
	type NewOrganisation
} from '../../src/lib/server/db/schema';
import { register, type RegisterInput } from '../../src/lib/server/registrations';
import type { ContactData, OrganisationData } from '../../src/lib/schemas/contacts';
import { makeSignup, ORGANIZER, ORIGIN } from './factories';

let counter = 0;

/** What the organisation form sends with only a name filled in, as the domain receives it. */
export function organisationData(overrides: Partial<OrganisationData> = {}): OrganisationData {
	return {
		name: 'Kuljetus Oy',
		businessId: '',
		street: '',
		postalCode: '',
		city: '',
		email: '',
		phone: '',
		customerStatus: 'prospect',
		notes: '',
		...overrides
	};
}

/** What the contact form sends with only a name filled in, as the domain receives it. */
export function contactData(overrides: Partial<ContactData> = {}): ContactData {
	return {
		firstName: 'Aino',
		lastName: 'Virtanen',
		email: '',
		phone: '',
		title: '',
		organisationId: '',
		basis: 'customer_relationship',
		...overrides
	};
}

/**
 * A contact person with a person key of its own. Unless `values` says otherwise (`email: null` for
 * none), each gets an address of its own, stored normalised the way the register stores it.
 */
export async function makeContact(db: Db, values: Partial<NewContactPerson> = {}) {
	counter++;
	const [key] = await db.insert(person).values({}).returning();
	const email = values.email === undefined ? `contact.${counter}@kuljetus.fi` : values.email;
	const [row] = await db
		.insert(contactPerson)
		.values({
			personId: key!.id,
			firstName: 'Aino',
			lastName: 'Virtanen',
			source: 'manual',
			basis: 'customer_relationship',
			...values,
			email,
			emailNormalised: email?.toLowerCase() ?? null
		})
		.returning();
	return row!;
}

export async function makeOrganisation(db: Db, values: Partial<NewOrganisation> = {}) {
	const [row] = await db
		.insert(organisation)
		.values({ name: 'Kuljetus Oy', ...values })
		.returning();
	return row!;
}

/**
 * Signs a person up for `ev` through the real sign-up and returns the registration row; a refused
 * sign-up fails the test. `options` adds to or replaces what register() is given.
 */
export async function signUp(
	db: Db,
	ev: Event,
	data: Parameters<typeof makeSignup>[0] = {},
	options: Partial<RegisterInput> = {}
) {
	const result = await register(db, {
		event: ev,
		data: makeSignup(data),
		locale: 'fi',
		origin: ORIGIN,
		organizer: ORGANIZER,
		...options
	});
	if (!result.ok) throw new Error(`sign-up refused: ${result.reason}`);
	const [row] = await db
		.select()
		.from(registration)
		.where(eq(registration.id, result.registrationId));
	return row!;
}

/** The token of the (first) manage link in a message's text. */
export const manageTokenIn = (text: string) => /\/manage\/([a-z0-9]+)/.exec(text)?.[1];
