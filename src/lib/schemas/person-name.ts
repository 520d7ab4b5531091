/**
 * Names people type reach other people's inboxes: the greeting of every mail starts with the first
 * name, so a "name" like `asiakas, varmista paikkasi: https://evil.example/x` would make the
 * company's own mail carry a stranger's link to any address typed beside it. No real name holds a
 * link, an address or a domain, so text that a mail client could turn into one is refused.
 */

// The dots URL parsers accept between the labels of a host name, once NFKC has folded the
// full-width and half-width forms (．｡) to these two.
const DOT = '[.\u3002]';
const LINK_LIKE = [
	// An email address or a user@host link.
	/@/u,
	// Any scheme with its slashes (https://, ftp://, //host), and backslashes a browser reads alike.
	/[:/\\][/\\]/u,
	// A scheme without slashes that clients still link: mailto:x, tel:+358…, javascript:…
	/\p{L}\s*:\s*[\p{L}\p{N}+]/u,
	// www. on its own, whatever follows.
	new RegExp(`www${DOT}`, 'iu'),
	// A host name: a label, a dot and letters (evil.example, bit.ly/x, 123.fi). A full stop
	// followed by a space (St. John, Jr.) is not one.
	new RegExp(`[\\p{L}\\p{N}]${DOT}\\p{L}{2}`, 'u'),
	// An IPv4 address (203.0.113.7).
	new RegExp(`\\d{1,3}(?:${DOT}\\d{1,3}){3}`, 'u')
];

// Invisible format characters (zero-width space, joiners, bidi controls) would hide a link from
// the check while a reader, or a client that drops them, still sees one.
const INVISIBLE = /\p{Cf}/gu;

/**
 * True when a name could be read or shown as a link, a web address or an email address. NFKC
 * first, so look-alike forms (＠, ｗｗｗ．, ：) are judged as what clients make of them.
 */
export function looksLikeLink(name: string): boolean {
	const visible = name.normalize('NFKC').replace(INVISIBLE, '');
	return LINK_LIKE.some((pattern) => pattern.test(visible));
}

/** The message key a name field reports for link-like text (translated in the components). */
export const NAME_HAS_LINK = 'nameHasLink';
