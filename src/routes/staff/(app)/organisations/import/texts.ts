import { m } from '$lib/paraglide/messages';
import type { CsvProblem, ImportColumn, PlanRow, RowAction, SkipReason } from './+page.server';
import type { UploadError } from './upload';

/** What the import page says about a file, a column and a planned row, in the reader's language. */
export const fieldText: Record<ImportColumn, () => string> = {
	name: m.contacts_import_field_name,
	businessId: m.contacts_import_field_business_id,
	street: m.contacts_import_field_street,
	postalCode: m.contacts_import_field_postal_code,
	city: m.contacts_import_field_city,
	email: m.contacts_import_field_email,
	phone: m.contacts_import_field_phone,
	customerStatus: m.contacts_import_field_customer_status,
	notes: m.contacts_import_field_notes,
	contactFirstName: m.contacts_import_field_contact_first_name,
	contactLastName: m.contacts_import_field_contact_last_name,
	contactEmail: m.contacts_import_field_contact_email,
	contactPhone: m.contacts_import_field_contact_phone,
	contactTitle: m.contacts_import_field_contact_title
};

export const actionText: Record<RowAction, () => string> = {
	create: m.contacts_import_action_create,
	update: m.contacts_import_action_update,
	unchanged: m.contacts_import_action_unchanged,
	skip: m.contacts_import_action_skip
};

const reasonText: Record<SkipReason, (row: PlanRow) => string> = {
	formula: m.contacts_import_reason_formula,
	missingName: m.contacts_import_reason_missing_name,
	missingContactName: m.contacts_import_reason_missing_contact_name,
	businessIdInvalid: m.contacts_import_reason_business_id_invalid,
	emailInvalid: m.contacts_import_reason_email_invalid,
	phoneInvalid: m.contacts_import_reason_phone_invalid,
	postalCodeInvalid: m.contacts_import_reason_postal_code_invalid,
	customerStatusInvalid: m.contacts_import_reason_customer_status_invalid,
	tooLong: m.contacts_import_reason_too_long,
	invalidValue: m.contacts_import_reason_invalid_value,
	duplicateInFile: (row) =>
		m.contacts_import_reason_duplicate_in_file({ row: row.otherRow ?? '?' }),
	businessIdConflict: m.contacts_import_reason_business_id_conflict,
	organisationAmbiguous: m.contacts_import_reason_organisation_ambiguous,
	contactAmbiguous: m.contacts_import_reason_contact_ambiguous,
	organisationArchived: m.contacts_import_reason_organisation_archived,
	contactArchived: m.contacts_import_reason_contact_archived
};

const fields = (columns: ImportColumn[]) => columns.map((c) => fieldText[c]()).join(', ');

/** What the row does, or why it is skipped, with the columns concerned: one line each. */
export function rowDetails(row: PlanRow): string[] {
	if (row.action === 'skip') {
		const lines = row.reasons.map((reason) => reasonText[reason](row));
		if (row.columns.length > 0) {
			lines.push(m.contacts_import_detail_columns({ fields: fields(row.columns) }));
		}
		return lines;
	}
	const lines: string[] = [];
	if (row.organisationAction === 'create') lines.push(m.contacts_import_detail_new_organisation());
	if (row.contactAction === 'create') lines.push(m.contacts_import_detail_new_contact());
	if (row.columns.length > 0) {
		lines.push(m.contacts_import_detail_changed({ fields: fields(row.columns) }));
	}
	return lines;
}

/** Why a file cannot be read as the import's CSV. */
export function problemText(problem: CsvProblem): string {
	switch (problem.kind) {
		case 'encoding':
			return m.contacts_import_error_encoding();
		case 'empty':
			return m.contacts_import_error_empty();
		case 'unterminatedQuote':
			return m.contacts_import_error_unterminated_quote({ row: problem.row });
		case 'textAfterQuote':
			return m.contacts_import_error_text_after_quote({ row: problem.row });
		case 'missingNameColumn':
			return m.contacts_import_error_missing_name_column();
		case 'duplicateColumn':
			return m.contacts_import_error_duplicate_column({ column: problem.column });
		case 'tooManyCells':
			return m.contacts_import_error_too_many_cells({ row: problem.row });
		case 'tooManyRows':
			return m.contacts_import_error_too_many_rows({ max: problem.max });
	}
}

/** Why an upload did not arrive; `maxSize` is the limit as text, null when it is not known. */
export function uploadErrorText(error: UploadError, maxSize: string | null): string {
	switch (error) {
		case 'tooLarge':
			return maxSize
				? m.contacts_import_error_too_large({ size: maxSize })
				: m.contacts_import_error_too_large_unknown();
		case 'noFile':
			return m.contacts_import_error_no_file();
		case 'unreadable':
			return m.contacts_import_error_unreadable();
	}
}
