/**
 * The site's languages. Public pages and every mail to a registrant come in all three; staff pages
 * in Finnish and English only (`/sv/staff/...` answers 404, see hooks.ts). Finnish is the
 * base: a text missing in Swedish or English falls back to it.
 */
export type Locale = 'fi' | 'sv' | 'en';
export type StaffLocale = 'fi' | 'en';

export const PUBLIC_LOCALES: readonly Locale[] = ['fi', 'sv', 'en'];
export const STAFF_LOCALES: readonly StaffLocale[] = ['fi', 'en'];

/** A stored or posted language tag as one of ours; anything else is the base language. */
export function asLocale(value: string | null | undefined): Locale {
	return value === 'en' || value === 'sv' ? value : 'fi';
}

/** The Intl tag for dates and numbers: Finland's own Swedish, British English (day before month). */
export function intlLocale(locale: Locale): string {
	return locale === 'fi' ? 'fi-FI' : locale === 'sv' ? 'sv-FI' : 'en-GB';
}
