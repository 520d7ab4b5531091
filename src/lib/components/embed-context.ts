import { getContext, setContext } from 'svelte';

/**
 * Whether the page is drawn inside the embeddable frame (/embed/…, shown in an iframe on the
 * company's own site). Set once by that frame's layout; the shared page components read it to keep
 * the visitor's own navigation inside the frame and to open what leaves it in a new tab.
 */
const EMBEDDED = Symbol('ilmo:embedded');

export function markEmbedded(): void {
	setContext(EMBEDDED, true);
}

export function isEmbedded(): boolean {
	return getContext<boolean | undefined>(EMBEDDED) === true;
}

/**
 * Attributes for a link that leaves the event pages (the privacy notice, the manage page, a
 * calendar file): inside the frame a new tab, so the company's page stays where the visitor left
 * it and no other page of the site is drawn in a box on it.
 */
export function leavingLink(): { target?: '_blank'; rel?: 'noopener' } {
	return isEmbedded() ? { target: '_blank', rel: 'noopener' } : {};
}

/** The path of an event page, or of the embeddable view of it inside the frame. */
export function eventPagePath(path: string): string {
	return isEmbedded() ? `/embed${path}` : path;
}
