import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { appMeta, staffUser } from '../db/schema';
import { verifyPassword } from '../auth/password';
import * as users from '../auth/users';

/** Development only: a known login so a fresh `npm run dev` can be explored at once. */
export const DEMO_ADMIN = {
	email: 'demo.admin@wetteritrucks.fi',
	displayName: 'Demo Admin',
	password: 'ilmo-demo-kirjautuminen'
};
const CREATED_KEY = 'demo.admin_created';

/**
 * Creates the demo admin once per database and returns the login while its password is still the
 * demo one (null once changed or removed). Callers must never run this in production.
 */
export async function ensureDemoAdmin(db: Db): Promise<{ email: string; password: string } | null> {
	const [done] = await db.select().from(appMeta).where(eq(appMeta.key, CREATED_KEY));
	if (!done) {
		await users.create(db, { ...DEMO_ADMIN, role: 'admin' }, { kind: 'system' });
		await db
			.insert(appMeta)
			.values({ key: CREATED_KEY, value: new Date().toISOString() })
			.onConflictDoNothing();
	}
	const [user] = await db.select().from(staffUser).where(eq(staffUser.email, DEMO_ADMIN.email));
	if (!user || user.disabledAt || !(await verifyPassword(user.passwordHash, DEMO_ADMIN.password))) {
		return null;
	}
	return { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password };
}
