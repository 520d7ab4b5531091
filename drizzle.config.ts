import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are applied by the app at start-up, on PGlite and PostgreSQL alike.
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle'
});
