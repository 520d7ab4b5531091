import { getLocale } from '$lib/paraglide/runtime';
import { currentBrand } from '$lib/server/brand';
import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const { name, address } = config().controller;
	const brand = currentBrand();
	const locale = getLocale();
	const logo = brand.logo;
	return {
		controller: { name, address },
		brand: {
			name: brand.name,
			named: brand.named,
			logo: logo
				? {
						src: `/brand/logo-${logo.hash}.${logo.hasSvg ? 'svg' : 'png'}`,
						width: logo.width,
						height: logo.height
					}
				: null,
			// CSP forbids inline style: the colour comes as a stylesheet of its own.
			stylesheet: brand.colour ? `/brand/theme-${brand.version}.css` : null,
			footerLinks: brand.footerLinks.map((link) => ({
				label:
					(locale === 'sv' ? link.labelSv : locale === 'en' ? link.labelEn : '') || link.labelFi,
				url: link.url
			}))
		}
	};
};
