/**
 * Trigram similarity as PostgreSQL's pg_trgm computes it, in JavaScript so it works the same on
 * PGlite and any server without the extension: each word is padded with two spaces in front and
 * one behind, cut into three-letter pieces, and two strings compare as shared / all pieces.
 */
export function trigrams(text: string): Set<string> {
	const grams = new Set<string>();
	const words = text
		.normalize('NFC')
		.toLowerCase()
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
	for (const word of words) {
		const padded = `  ${word} `;
		for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
	}
	return grams;
}

export function similarity(a: string, b: string): number {
	const left = trigrams(a);
	const right = trigrams(b);
	if (left.size === 0 || right.size === 0) return 0;
	let shared = 0;
	for (const gram of left) if (right.has(gram)) shared++;
	return shared / (left.size + right.size - shared);
}

/**
 * Addresses at these domains say nothing about an employer; a match on them would link strangers.
 * Finnish consumer providers are listed next to the global ones.
 */
export const FREE_MAIL_DOMAINS = new Set([
	'gmail.com',
	'googlemail.com',
	'hotmail.com',
	'hotmail.fi',
	'outlook.com',
	'outlook.fi',
	'live.com',
	'live.fi',
	'msn.com',
	'yahoo.com',
	'yahoo.fi',
	'icloud.com',
	'me.com',
	'protonmail.com',
	'proton.me',
	'suomi24.fi',
	'luukku.com',
	'elisanet.fi',
	'kolumbus.fi',
	'saunalahti.fi',
	'pp.inet.fi',
	'netti.fi',
	'dnainternet.net',
	'welho.com',
	'mbnet.fi',
	'gmx.com',
	'gmx.net',
	'aol.com'
]);

/** The domain of an address when it can say where the person works; null for free mail. */
export function workDomain(email: string | null | undefined): string | null {
	if (!email) return null;
	const at = email.lastIndexOf('@');
	if (at < 0) return null;
	const domain = email
		.slice(at + 1)
		.trim()
		.toLowerCase();
	if (!domain || FREE_MAIL_DOMAINS.has(domain)) return null;
	return domain;
}
