/**
 * The contact list's filters in its URL (beside `q` and the keyset cursor), the first of each the
 * default: parseListQuery in $lib/server/list reads them strictly.
 */
export const CONTACT_FILTERS = { archived: ['', '1'] } as const;
