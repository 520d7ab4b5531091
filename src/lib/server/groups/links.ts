import type { Locale } from '../../locale';
import { localePath } from '../mail-context';

/** The booker's group page, relative to the site: one place so the mail and the route agree. */
export function groupManagePath(locale: Locale, token: string): string {
	return localePath(locale, `/manage/group/${token}`);
}

/** The link to the booker's group page that the booker's mail carries, in the mail's language. */
export function groupManageUrl(origin: string, locale: Locale, token: string): string {
	return origin + groupManagePath(locale, token);
}
