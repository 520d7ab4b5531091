import { asLocale, intlLocale } from '$lib/locale';
import { getLocale } from '$lib/paraglide/runtime';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import * as events from '$lib/server/events';
import { eventFields, requestsInAnyForm, rights } from '$lib/server/privacy/art13';
import { NOTICE_UPDATED, NOTICE_VERSION, noticeSections } from '$lib/server/privacy/notice';
import { currentPolicy } from '$lib/server/retention/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const locale = asLocale(getLocale());
	const { controller } = config();
	const published = await events.listUpcoming(await db());
	return {
		controller,
		version: NOTICE_VERSION,
		updated: new Intl.DateTimeFormat(intlLocale(locale), {
			dateStyle: 'long',
			timeZone: 'Europe/Helsinki'
		}).format(NOTICE_UPDATED),
		sections: noticeSections(locale),
		events: eventFields(published, locale),
		defaultRetentionDays: 90,
		retention: currentPolicy(),
		rights: rights(locale),
		requests: requestsInAnyForm(locale, controller.email, controller.phone)
	};
};
