/** An event's texts as stored: Finnish and English side by side (Swedish falls back to Finnish). */
export interface EventTexts {
	titleFi: string;
	titleEn: string;
	descriptionFi: string;
	descriptionEn: string;
}

/**
 * An event's title and description in one locale. Plain data in, plain data out: sign-up mail,
 * the privacy page and staff pages all need it, so it sits below every domain module.
 */
export function localised(e: EventTexts, locale: 'fi' | 'en') {
	return {
		title: locale === 'en' ? e.titleEn : e.titleFi,
		description: locale === 'en' ? e.descriptionEn : e.descriptionFi
	};
}
