/**
 * What importing a file would do to the register, row by row: pure functions over the file and a
 * snapshot of the register, so the preview and the commit reach the same plan from the same input.
 */
import { createHash } from 'node:crypto';
import type { ContactBasis, CustomerStatus } from '../db/schema';
import type { CsvTable, ImportColumn, RowValues } from './import-csv';
import {
	checkRow,
	CONTACT_FIELDS,
	ORGANISATION_FIELDS,
	type ContactValues,
	type OrganisationValues,
	type SkipReason
} from './import-check';
import {
	apply,
	Contacts,
	created,
	findContact,
	findOrganisation,
	merge,
	Organisations,
	same,
	type Merge,
	type WorkContact,
	type WorkOrganisation
} from './import-match';

export type { ContactValues, OrganisationValues, SkipReason };

export type RegisterOrganisation = OrganisationValues & { id: string; archived: boolean };
export type RegisterContact = ContactValues & {
	id: string;
	organisationId: string;
	archived: boolean;
};

/** The register as the plan needs it: organisations, and the live contacts of those that may match. */
export interface RegisterSnapshot {
	organisations: RegisterOrganisation[];
	contacts: RegisterContact[];
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'skip';
export type PartAction = 'create' | 'update' | 'unchanged';

export interface PlanRow {
	/** The spreadsheet row (the header is row 1). */
	row: number;
	organisation: string;
	contact: string;
	action: RowAction;
	/** Null on a skipped row; `contactAction` also on a row without a contact. */
	organisationAction: PartAction | null;
	contactAction: PartAction | null;
	/** Columns this row changes in the register (update), or the columns its reasons are about (skip). */
	columns: ImportColumn[];
	reasons: SkipReason[];
	/** duplicateInFile: the earlier row whose values this one contradicts. */
	otherRow: number | null;
}

export interface PlanCounts {
	rows: number;
	organisationsCreated: number;
	organisationsUpdated: number;
	contactsCreated: number;
	contactsUpdated: number;
	rowsUnchanged: number;
	rowsSkipped: number;
}

export type OrganisationOperation =
	| { kind: 'create'; ref: number; values: OrganisationValues }
	| { kind: 'update'; ref: number; id: string; set: Partial<OrganisationValues> };
export type ContactOperation =
	| {
			kind: 'create';
			/** The organisation's id, or null when it is new: then the organisation created as `ref`. */
			organisationId: string | null;
			organisationRef: number;
			values: ContactValues;
			basis: ContactBasis;
	  }
	| { kind: 'update'; id: string; set: Partial<ContactValues> };

export interface ImportPlan {
	rows: PlanRow[];
	counts: PlanCounts;
	ignoredColumns: string[];
	organisations: OrganisationOperation[];
	contacts: ContactOperation[];
	/** SHA-256 of everything above: the commit refuses when its own plan differs. */
	hash: string;
}

/** Differences between the register and the plan, field by field. */
function changedFields<V extends Record<string, unknown>>(origin: V, current: V): Partial<V> {
	const set: Partial<V> = {};
	for (const field of Object.keys(current) as (keyof V)[]) {
		if (origin[field] !== current[field]) set[field] = current[field];
	}
	return set;
}

/** Customers (current or former) are kept for the customer relationship; prospects as legitimate interest. */
export function basisFor(status: CustomerStatus): ContactBasis {
	return status === 'prospect' ? 'legitimate_interest' : 'customer_relationship';
}

// ---------------------------------------------------------------------------------------------

function skipped(
	row: number,
	values: RowValues,
	reasons: SkipReason[],
	columns: ImportColumn[],
	otherRow: number | null = null
): PlanRow {
	const contact = `${values.contactFirstName ?? ''} ${values.contactLastName ?? ''}`;
	return {
		row,
		organisation: (values.name ?? '').trim(),
		contact: contact.trim().replace(/\s+/g, ' '),
		action: 'skip',
		organisationAction: null,
		contactAction: null,
		columns,
		reasons,
		otherRow
	};
}

function rowAction(parts: (PartAction | null)[]): RowAction {
	if (parts.includes('create')) return 'create';
	return parts.includes('update') ? 'update' : 'unchanged';
}

/**
 * The plan for a file against the register: each row is created, updated, unchanged or skipped
 * with reasons. Rows are read top to bottom; a later row that repeats an organisation or contact
 * adds what the earlier one left empty, and is skipped if it contradicts it.
 */
export function planImport(table: CsvTable, register: RegisterSnapshot): ImportPlan {
	const contactsByOrganisation = new Map<string, Contacts>();
	for (const contact of register.contacts) {
		const { id, organisationId, archived, ...values } = contact;
		const contacts = contactsByOrganisation.get(organisationId) ?? new Contacts();
		contacts.add({ id, origin: values, current: { ...values }, setBy: {}, archived });
		contactsByOrganisation.set(organisationId, contacts);
	}
	const organisations = new Organisations();
	register.organisations.forEach((org, ref) => {
		const { id, archived, ...values } = org;
		const contacts = contactsByOrganisation.get(id) ?? new Contacts();
		organisations.add({
			ref,
			id,
			origin: values,
			current: { ...values },
			setBy: {},
			archived,
			contacts
		});
	});
	const newContacts: { organisation: WorkOrganisation; contact: WorkContact }[] = [];

	const rows: PlanRow[] = [];
	for (const { row, values } of table.rows) {
		const checked = checkRow(values);
		if (!checked.ok) {
			rows.push(skipped(row, values, checked.reasons, checked.columns));
			continue;
		}
		const given = checked.organisation;

		const foundOrg = findOrganisation(organisations, given);
		if (foundOrg.kind === 'ambiguous') {
			rows.push(skipped(row, values, ['organisationAmbiguous'], ['name']));
			continue;
		}
		let org: WorkOrganisation;
		let organisationAction: PartAction;
		let orgMerge: Merge<OrganisationValues>;
		if (foundOrg.kind === 'found') {
			org = foundOrg.item;
			if (org.archived) {
				rows.push(skipped(row, values, ['organisationArchived'], ['name']));
				continue;
			}
			if (given.businessId && !same('name', org.current.name, given.name)) {
				const earlier = org.setBy.name;
				rows.push(
					earlier === undefined
						? skipped(row, values, ['businessIdConflict'], ['businessId', 'name'])
						: skipped(row, values, ['duplicateInFile'], ['name'], earlier)
				);
				continue;
			}
			orgMerge = merge(org, given, ORGANISATION_FIELDS);
			if (!orgMerge.ok) {
				rows.push(skipped(row, values, ['duplicateInFile'], orgMerge.columns, orgMerge.otherRow));
				continue;
			}
			organisationAction = orgMerge.changed.length > 0 ? 'update' : 'unchanged';
		} else {
			org = {
				ref: organisations.all.length,
				id: null,
				origin: null,
				current: { ...given },
				setBy: {},
				archived: false,
				contacts: new Contacts()
			};
			orgMerge = created(given);
			organisationAction = 'create';
		}

		let contactAction: PartAction | null = null;
		let contact: WorkContact | null = null;
		let contactMerge: Merge<ContactValues> | null = null;
		if (checked.contact) {
			const found = findContact(org.contacts, checked.contact);
			if (found.kind === 'ambiguous') {
				rows.push(
					skipped(row, values, ['contactAmbiguous'], ['contactFirstName', 'contactLastName'])
				);
				continue;
			}
			if (found.kind === 'found') {
				contact = found.item;
				if (contact.archived) {
					rows.push(
						skipped(row, values, ['contactArchived'], ['contactFirstName', 'contactLastName'])
					);
					continue;
				}
				contactMerge = merge(contact, checked.contact, CONTACT_FIELDS);
				if (!contactMerge.ok) {
					rows.push(
						skipped(row, values, ['duplicateInFile'], contactMerge.columns, contactMerge.otherRow)
					);
					continue;
				}
				contactAction = contactMerge.changed.length > 0 ? 'update' : 'unchanged';
			} else {
				contact = {
					id: null,
					origin: null,
					current: { ...checked.contact },
					setBy: {},
					archived: false
				};
				contactMerge = created(checked.contact);
				contactAction = 'create';
			}
		}

		// Nothing in this row contradicts the plan so far: take it in.
		if (organisationAction === 'create') organisations.add(org);
		apply(org, orgMerge, row);
		organisations.changed(org);
		if (contact && contactMerge) {
			if (contactAction === 'create') {
				org.contacts.add(contact);
				newContacts.push({ organisation: org, contact });
			}
			apply(contact, contactMerge, row);
			org.contacts.changed(contact);
		}
		rows.push({
			row,
			organisation: given.name,
			contact: checked.contact
				? `${checked.contact.contactFirstName} ${checked.contact.contactLastName}`
				: '',
			action: rowAction([organisationAction, contactAction]),
			organisationAction,
			contactAction,
			columns: [
				...(orgMerge.ok ? orgMerge.changed : []),
				...(contactMerge?.ok ? contactMerge.changed : [])
			],
			reasons: [],
			otherRow: null
		});
	}

	const organisationOps: OrganisationOperation[] = [];
	for (const org of organisations.all) {
		if (!org.origin) organisationOps.push({ kind: 'create', ref: org.ref, values: org.current });
		else {
			const set = changedFields(org.origin, org.current);
			if (Object.keys(set).length > 0)
				organisationOps.push({ kind: 'update', ref: org.ref, id: org.id!, set });
		}
	}
	const contactOps: ContactOperation[] = [];
	for (const org of organisations.all) {
		for (const contact of org.contacts.all) {
			if (!contact.origin || !contact.id) continue;
			const set = changedFields(contact.origin, contact.current);
			if (Object.keys(set).length > 0) contactOps.push({ kind: 'update', id: contact.id, set });
		}
	}
	for (const { organisation, contact } of newContacts) {
		contactOps.push({
			kind: 'create',
			organisationId: organisation.id,
			organisationRef: organisation.ref,
			values: contact.current,
			basis: basisFor(organisation.current.customerStatus ?? 'prospect')
		});
	}

	const counts: PlanCounts = {
		rows: rows.length,
		organisationsCreated: organisationOps.filter((op) => op.kind === 'create').length,
		organisationsUpdated: organisationOps.filter((op) => op.kind === 'update').length,
		contactsCreated: contactOps.filter((op) => op.kind === 'create').length,
		contactsUpdated: contactOps.filter((op) => op.kind === 'update').length,
		rowsUnchanged: rows.filter((r) => r.action === 'unchanged').length,
		rowsSkipped: rows.filter((r) => r.action === 'skip').length
	};
	const plan = {
		rows,
		counts,
		ignoredColumns: table.ignored,
		organisations: organisationOps,
		contacts: contactOps
	};
	return { ...plan, hash: createHash('sha256').update(JSON.stringify(plan)).digest('hex') };
}

/** Whether committing the plan would write anything to the register. */
export function hasChanges(counts: PlanCounts): boolean {
	return (
		counts.organisationsCreated +
			counts.organisationsUpdated +
			counts.contactsCreated +
			counts.contactsUpdated >
		0
	);
}
