import type { Locale } from './locale';

/** An event's texts as stored: Finnish always, English and Swedish when staff wrote them. */
export interface EventTexts {
	titleFi: string;
	titleEn: string;
	titleSv: string;
	descriptionFi: string;
	descriptionEn: string;
	descriptionSv: string;
}

function pick(finnish: string, english: string, swedish: string, locale: Locale) {
	const own = locale === 'en' ? english : locale === 'sv' ? swedish : finnish;
	return own.trim() === '' ? { text: finnish, lang: 'fi' as Locale } : { text: own, lang: locale };
}

/**
 * An event's title and description in one locale, each falling back to Finnish when staff left it
 * out; `titleLang` / `descriptionLang` say which language the text really is, so a page marks a
 * Finnish fallback with `lang="fi"` for screen readers and translators. Plain data in, plain data
 * out: sign-up mail, the privacy page and staff pages all need it, so it sits below every domain
 * module.
 */
export function localised(e: EventTexts, locale: Locale) {
	const title = pick(e.titleFi, e.titleEn, e.titleSv, locale);
	const description = pick(e.descriptionFi, e.descriptionEn, e.descriptionSv, locale);
	return {
		title: title.text,
		titleLang: title.lang,
		description: description.text,
		descriptionLang: description.lang
	};
}

/**
 * Only the title, for lists and records that read no more than the titles (staff tables, audit
 * names, reports): the same fallback to Finnish, so an event without an English title never shows
 * an empty cell.
 */
export function eventTitle(
	e: { titleFi: string; titleEn: string; titleSv?: string },
	locale: Locale
): string {
	return pick(e.titleFi, e.titleEn, e.titleSv ?? '', locale).text;
}
