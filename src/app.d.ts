import type { SessionUser } from '$lib/server/auth/session';
import type { StaffSession } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** Set on staff routes only, from the session cookie. */
			user: SessionUser | null;
			session: StaffSession | null;
			/** Admins must have TOTP (an admin setting) and this one has not enrolled yet. */
			mustEnrollTotp: boolean;
			/** Set by handleError when the database was unreachable: the 500 becomes a 503. */
			databaseUnavailable?: boolean;
		}
	}
}

export {};
