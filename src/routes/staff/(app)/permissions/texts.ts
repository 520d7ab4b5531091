import { m } from '$lib/paraglide/messages';

/** Words for the ledger's values, shared by the list and the person's page. */
export const channelText: Record<string, () => string> = {
	email: m.permissions_channel_email,
	sms: m.permissions_channel_sms,
	phone: m.permissions_channel_phone,
	post: m.permissions_channel_post,
	all: m.permissions_channel_all
};

export const decisionText: Record<string, () => string> = {
	granted: m.permissions_decision_granted,
	withdrawn: m.permissions_decision_withdrawn,
	prohibited: m.permissions_decision_prohibited,
	not_asked: m.permissions_decision_not_asked
};

export const basisText: Record<string, () => string> = {
	consent: m.permissions_basis_consent,
	work_role: m.permissions_basis_work_role
};

export const sourceText: Record<string, () => string> = {
	form: m.permissions_source_form,
	manage: m.permissions_source_manage,
	link: m.permissions_source_link,
	staff: m.permissions_source_staff,
	import: m.permissions_source_import
};

const word = (texts: Record<string, () => string>, key: string) =>
	(texts[key] ?? m.error_unexpected)();

export const channelWord = (channel: string) => word(channelText, channel);
export const basisWord = (basis: string) => word(basisText, basis);
export const sourceWord = (source: string) => word(sourceText, source);

/** "Permitted (work role)": a grant names its basis, the other decisions need none. */
export function decisionWord(decision: string, basis: string | null): string {
	const text = word(decisionText, decision);
	return basis
		? m.permissions_decision_with_basis({ decision: text, basis: basisWord(basis) })
		: text;
}

/** The marker beside a channel's decision: may we market on it now. */
export function marketingWord(mayMarket: boolean): string {
	return mayMarket ? m.permissions_may_market() : m.permissions_may_not_market();
}

/** "Lastname, Firstname", or a plain marker for a person whose name is not held. */
export function listName(firstName: string | null, lastName: string | null): string {
	const parts = [lastName, firstName].filter((part): part is string => Boolean(part?.trim()));
	return parts.length ? parts.join(', ') : m.permissions_no_name();
}
