/**
 * Where to go after signing in: only a staff path of this site, so the `next` parameter cannot be
 * used to send someone elsewhere (an open redirect).
 */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/staff') || next.startsWith('//') || next.includes('\\')) {
		return '/staff';
	}
	if (next.startsWith('/staff/login') || next.startsWith('/staff/logout')) return '/staff';
	return next;
}
