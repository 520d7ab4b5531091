/** Aggregates only: counts over registrations, never a name, so reading them is not audited. */
export * from './event';
export * from './figures';
export * from './months';
export * from './present';
