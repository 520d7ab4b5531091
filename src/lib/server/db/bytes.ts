import { customType } from 'drizzle-orm/pg-core';

/**
 * A bytea column read as a Buffer on both drivers: postgres-js gives a Buffer, PGlite a Uint8Array.
 * Images live in the database so that instances stay stateless and a backup holds them.
 */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => value,
	fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength)
});
