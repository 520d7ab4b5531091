/** The list's filters, as permissions/list.ts names them (STATE_FILTERS, kept out of the client). */
export const FILTERS = ['all', 'may_email', 'prohibited', 'not_asked'] as const;
export type StateFilter = (typeof FILTERS)[number];

/** The permission list's filters in its URL (beside `q` and the keyset cursor), for parseListQuery. */
export const PERMISSION_FILTERS = { filter: FILTERS } as const;
