/**
 * The one spelling of an email address used for matching: a person, a staff account, a suppressed
 * address and a mail recipient are all compared by it. Case and surrounding spaces never make two
 * people; the local part is not otherwise rewritten (dots and plus tags reach different mailboxes
 * at some providers).
 */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** The same for an optional field: blank is no address at all. */
export function normaliseOptionalEmail(email: string | null | undefined): string | null {
	const text = email ? normaliseEmail(email) : '';
	return text ? text : null;
}
