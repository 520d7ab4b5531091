/**
 * Run by `npm install` (`prepare`): what `npm run dev` would otherwise do on its first start. Compiles
 * the messages as the dev server does (scripts/paraglide-dev.ts) and keeps the migrated database
 * snapshot a new data directory starts from (src/lib/server/db/migrated-snapshot.ts).
 */
import path from 'node:path';
import { defaultMigrationsFolder } from '../src/lib/server/db';
import { ensureMigratedSnapshot } from '../src/lib/server/db/migrated-snapshot';
import { compileMessages, defaultLayout } from './paraglide-dev';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
await compileMessages(defaultLayout(root), { clean: true });
console.log('[prepare] Compiled the messages into src/lib/paraglide');
await ensureMigratedSnapshot({ migrationsFolder: defaultMigrationsFolder() });
console.log('[prepare] Kept a migrated database snapshot in node_modules/.cache/ilmo');
