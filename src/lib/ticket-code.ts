/**
 * Reading a ticket code as typed or scanned, shared by the server and the door device (which
 * hashes the code itself to find the person in its offline list). Making a code is server-only:
 * src/lib/server/tickets/code.ts.
 */

export const TICKET_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 26 characters × 5 bits = 130 bits, over the 128 the issue asks for. */
export const TICKET_CODE_LENGTH = 26;

/**
 * A typed or scanned code as the lookup expects it, or null when it cannot be one: Crockford's
 * reading rules (case-free; O is 0; I and L are 1), with spaces and hyphens dropped, so a code
 * read aloud or typed from the printed groups still works.
 */
export function normaliseTicketCode(input: string): string | null {
	const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
	if (code.length !== TICKET_CODE_LENGTH) return null;
	for (const char of code) if (!TICKET_ALPHABET.includes(char)) return null;
	return code;
}

/** The code in groups of five for print: "ABCDE FGHJK …", easier to read out and type. */
export function formatTicketCode(code: string): string {
	return code.match(/.{1,5}/g)!.join(' ');
}
