import { m } from '$lib/paraglide/messages';
import type { StatusFilter } from './list-query';

/** Customer statuses as staff read them; the list's status select offers them in this order. */
export const statusText: Record<StatusFilter, () => string> = {
	all: m.organisations_status_all,
	current: m.organisations_status_current,
	former: m.organisations_status_former,
	prospect: m.organisations_status_prospect
};
