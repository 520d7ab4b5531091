import { fail, redirect } from '@sveltejs/kit';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { hasRight } from '$lib/server/auth/access';
import { requireStaff } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import * as contactImport from '$lib/server/contacts/import';
import { COLUMN_HEADERS, FINNISH_HEADERS, IMPORT_COLUMNS } from '$lib/server/contacts/import-csv';
import { db } from '$lib/server/db/database';
import { parseWholeNumber } from '$lib/whole-number';
import type { Actions, PageServerLoad } from './$types';
import { readForm, readUpload, sizeText } from './upload';

export type {
	CsvProblem,
	ImportColumn,
	PartAction,
	PlanRow,
	RowAction,
	SkipReason
} from '$lib/server/contacts/import';

/** What the preview page shows: the plan without the values it would write, plus the text to post back. */
function previewView(plan: contactImport.ImportPlan, text: string) {
	return {
		rows: plan.rows,
		counts: plan.counts,
		ignoredColumns: plan.ignoredColumns,
		changes: contactImport.hasChanges(plan.counts),
		hash: plan.hash,
		text
	};
}

export type PreviewView = ReturnType<typeof previewView>;

const SUMMARY = {
	organisationsCreated: 'oc',
	organisationsUpdated: 'ou',
	contactsCreated: 'cc',
	contactsUpdated: 'cu',
	rowsSkipped: 'rs'
} as const;
export type Summary = Record<keyof typeof SUMMARY, number>;

/** The counts of a finished import, carried in the address after the redirect (display only). */
function readSummary(params: URLSearchParams): Summary | null {
	if (params.get('done') !== '1') return null;
	const count = (name: string) => parseWholeNumber(params.get(name)) ?? 0;
	return {
		organisationsCreated: count(SUMMARY.organisationsCreated),
		organisationsUpdated: count(SUMMARY.organisationsUpdated),
		contactsCreated: count(SUMMARY.contactsCreated),
		contactsUpdated: count(SUMMARY.contactsUpdated),
		rowsSkipped: count(SUMMARY.rowsSkipped)
	};
}

export const load: PageServerLoad = async ({ url }) => {
	const user = requireStaff('organisations.manage');
	return {
		maxSize: sizeText(config().bodySizeLimit, getLocale()),
		canExport: hasRight(user.role, 'contacts.manage'),
		summary: readSummary(url.searchParams),
		columns: IMPORT_COLUMNS.map((column) => ({
			column,
			english: COLUMN_HEADERS[column],
			finnish: FINNISH_HEADERS[column]
		}))
	};
};

export const actions: Actions = {
	preview: async ({ request }) => {
		requireStaff('organisations.manage');
		const upload = await readUpload(request, config().bodySizeLimit);
		if (!upload.ok) return fail(upload.status, { uploadError: upload.error });
		const result = await contactImport.previewImport(await db(), upload.bytes);
		if (!result.ok) return fail(400, { problem: result.problem });
		return { preview: previewView(result.plan, result.text) };
	},

	commit: async ({ request }) => {
		const user = requireStaff('organisations.manage');
		const read = await readForm(request, config().bodySizeLimit);
		if (!read.ok) return fail(read.status, { uploadError: read.error });
		const text = read.form.get('csv');
		const hash = read.form.get('hash');
		if (typeof text !== 'string' || typeof hash !== 'string') {
			return fail(400, { uploadError: 'unreadable' as const });
		}
		const result = await contactImport.commitImport(await db(), user, text, hash);
		if (!result.ok) {
			if (result.reason === 'invalid') return fail(400, { problem: result.problem });
			return fail(409, { stale: true, preview: previewView(result.plan, result.text) });
		}
		const query = new URLSearchParams({ done: '1' });
		for (const [key, name] of Object.entries(SUMMARY)) {
			query.set(name, String(result.counts[key as keyof typeof SUMMARY]));
		}
		redirect(303, localizeHref(`/staff/organisations/import?${query}`));
	}
};
