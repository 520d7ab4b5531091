import * as audit from '../audit';
import type { Db } from '../db';
import { accessToken } from '../db/schema';
import { localePath, type MailContext } from '../mail-context';
import { batchesOf, fileDetails, type Sheet, type SheetFile } from '../spreadsheet';
import * as tokens from '../tokens';
import { loadPeople } from './population';
import { deriveState } from './rules';

export interface MayEmailRow {
	personId: string;
	firstName: string;
	lastName: string;
	email: string;
	organisation: string | null;
	/** A fresh personal link for this export's mailing; withdrawals through it need no sign-in. */
	unsubscribeUrl: string;
}

// Four parameters a row; PostgreSQL takes at most 65,535 in one statement.
const TOKEN_BATCH = 1000;

/**
 * "Who may be sent email marketing now", for the mailing tool: everyone whose derived email state
 * allows it (a confirmed consent, or a justified work-role basis) and nobody else. A prohibition on
 * email or on 'all' rules a person out whatever else was recorded, and a consent request that was
 * never confirmed is not in the ledger at all, so it cannot count. Each row gets its own
 * unsubscribe token; the tokens and the audit row (with the file's format) commit with the export
 * or not at all.
 */
export async function listMayEmail(
	db: Db,
	actor: { id: string },
	context: MailContext,
	file: SheetFile
): Promise<MayEmailRow[]> {
	return db.transaction(async (tx) => {
		const people = (await loadPeople(tx)).filter(
			(p) => p.email?.trim() && p.firstName !== null && deriveState(p.entries).email.mayMarket
		);
		const minted = people.map((p) => ({ person: p, token: tokens.generateToken() }));
		for (let i = 0; i < minted.length; i += TOKEN_BATCH) {
			await tx.insert(accessToken).values(
				minted.slice(i, i + TOKEN_BATCH).map(({ person, token }) => ({
					tokenHash: tokens.hashToken(token),
					purpose: 'unsubscribe' as const,
					personId: person.personId
				}))
			);
		}
		await audit.record(tx, {
			action: 'permissions.exported',
			actor: { kind: 'staff', id: actor.id },
			count: minted.length,
			details: { channel: 'email', ...fileDetails(file) }
		});
		return minted.map(({ person, token }) => ({
			personId: person.personId,
			firstName: person.firstName!,
			lastName: person.lastName ?? '',
			email: person.email!.trim(),
			organisation: person.organisation,
			unsubscribeUrl: context.origin + localePath(person.locale, `/unsubscribe/${token}`)
		}));
	});
}

/** Header texts in the staff member's language, and the worksheet's name in an .xlsx file. */
export interface MayEmailLabels {
	sheet: string;
	firstName: string;
	lastName: string;
	email: string;
	organisation: string;
	unsubscribeUrl: string;
}

/**
 * The list for the spreadsheet writers. It is read whole (its tokens commit in one transaction) but
 * still leaves in batches, so the download is not one string of the whole list.
 */
export function mayEmailSheet(rows: MayEmailRow[], labels: MayEmailLabels): Sheet {
	return {
		name: labels.sheet,
		columns: [
			{ header: labels.firstName, kind: 'text' },
			{ header: labels.lastName, kind: 'text' },
			{ header: labels.email, kind: 'text' },
			{ header: labels.organisation, kind: 'text' },
			{ header: labels.unsubscribeUrl, kind: 'text' }
		],
		batches: batchesOf(rows, (row) => [
			row.firstName,
			row.lastName,
			row.email,
			row.organisation,
			row.unsubscribeUrl
		])
	};
}
