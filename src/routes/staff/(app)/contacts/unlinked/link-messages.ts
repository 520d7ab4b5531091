import { m } from '$lib/paraglide/messages';
import type { MatchReason } from '$lib/server/contacts/suggestions';

export type LinkError =
	| 'not_found'
	| 'contact_not_found'
	| 'already_linked'
	| 'linked_elsewhere'
	| 'is_contact'
	| 'already_contact'
	| 'organisation_not_found';

export const LINK_DONE = ['linked', 'dismissed', 'restored', 'unlinked'] as const;
export type LinkDone = (typeof LINK_DONE)[number];

export const linkErrorText: Record<LinkError, () => string> = {
	not_found: m.link_error_not_found,
	contact_not_found: m.link_error_contact_not_found,
	already_linked: m.link_error_already_linked,
	linked_elsewhere: m.link_error_linked_elsewhere,
	is_contact: m.link_error_is_contact,
	already_contact: m.link_error_already_contact,
	organisation_not_found: m.link_error_organisation_not_found
};

export const linkDoneText: Record<LinkDone, () => string> = {
	linked: m.link_done_linked,
	dismissed: m.link_done_dismissed,
	restored: m.link_done_restored,
	unlinked: m.link_done_unlinked
};

export function reasonText(reason: MatchReason, similarity: number): string {
	switch (reason) {
		case 'email':
			return m.link_reason_email();
		case 'phone':
			return m.link_reason_phone();
		case 'name_domain':
			return m.link_reason_name_domain();
		case 'similar_name':
			// "100 % similar" reads as a riddle: a name that matches letter for letter is the same
			// name, and one that does not stays below 100 however close it rounds.
			return similarity >= 1
				? m.link_reason_same_name()
				: m.link_reason_similar_name({ percent: Math.min(99, Math.round(similarity * 100)) });
	}
}
