export * from './events.schema';
export * from './people.schema';
export * from './registrations.schema';
export * from './tokens.schema';
export * from './mail.schema';
export * from './meta.schema';
export * from './rate-limits.schema';
