/**
 * The organisation list's filters in its URL (beside `q` and the keyset cursor), the first of each
 * the default: parseListQuery in $lib/server/list reads them strictly.
 */
import { CUSTOMER_STATUSES } from '$lib/schemas/contacts';

export const STATUS_FILTERS = ['all', ...CUSTOMER_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const ORGANISATION_FILTERS = { status: STATUS_FILTERS, archived: ['', '1'] } as const;
