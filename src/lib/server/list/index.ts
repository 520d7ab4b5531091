/**
 * The one query helper of the staff lists: URL → { q, filters, cursor } (query.ts), opaque keyset
 * cursors (cursor.ts) and the page reader with its capped count (keyset.ts). The pages render
 * what it returns with $lib/components/list.
 */
export * from './cursor';
export * from './keyset';
export * from './query';
