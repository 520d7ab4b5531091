import { m } from '$lib/paraglide/messages';

/**
 * The public site's name: the organisation's brand when one is named (configuration or the
 * admin's brand page), otherwise the neutral default. `brand` is the public layout's data, absent
 * where that layout did not load (then the default, never an error on an error page).
 */
export function publicSiteName(brand: { name: string; named: boolean } | undefined | null): string {
	return brand?.named ? brand.name : m.site_name();
}
