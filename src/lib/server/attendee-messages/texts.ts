import type { EventMessage } from '../db/schema';
import type { Locale } from '../../locale';

export interface LocalText {
	subject: string;
	body: string;
	/** True when the language had no text of its own and the Finnish one stands in. */
	fallback: boolean;
}

/** The subject and body one language group gets: its own pair, or the Finnish one. */
export function textFor(
	message: Pick<
		EventMessage,
		'subjectFi' | 'bodyFi' | 'subjectSv' | 'bodySv' | 'subjectEn' | 'bodyEn'
	>,
	locale: Locale
): LocalText {
	const own =
		locale === 'sv'
			? { subject: message.subjectSv, body: message.bodySv }
			: locale === 'en'
				? { subject: message.subjectEn, body: message.bodyEn }
				: null;
	if (own && own.subject.trim() !== '' && own.body.trim() !== '') {
		return { ...own, fallback: false };
	}
	return { subject: message.subjectFi, body: message.bodyFi, fallback: locale !== 'fi' };
}
