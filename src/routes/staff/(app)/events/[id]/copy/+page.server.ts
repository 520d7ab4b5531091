import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { formatEventRange, formatLocalEventTime, parseLocalEventTime } from '$lib/datetime';
import { localised } from '$lib/event-text';
import { asLocale } from '$lib/locale';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import {
	copyEventSchema,
	seriesSchema,
	toDatePlan,
	type CopyEventData,
	type SeriesData
} from '$lib/schemas/event-copy';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import type { Event } from '$lib/server/db/schema';
import * as copying from '$lib/server/events/copy';
import * as series from '$lib/server/events/series';
import type { Actions, PageServerLoad } from './$types';
import { findEvent } from '../event.server';

/** The dates a repeat would create, shown for confirmation before anything is made. */
export type SeriesMessage = { kind: 'preview'; dates: string[] };

const DAY_MS = 86_400_000;
const actorOf = (user: { id: string }) => ({ kind: 'staff' as const, id: user.id });
const when = (e: Pick<Event, 'startsAt' | 'endsAt'>) =>
	formatEventRange(e.startsAt, e.endsAt, asLocale(getLocale()));

export const load: PageServerLoad = async ({ params, url }) => {
	requireStaff('events.manage');
	const event = await findEvent(params.id);
	// A week later is the commonest next date; staff change it.
	const week = (date: Date) => formatLocalEventTime(new Date(date.getTime() + 7 * DAY_MS));
	const copyForm = await superValidate<CopyEventData>(
		{ startsAt: week(event.startsAt), endsAt: week(event.endsAt) },
		zod4(copyEventSchema),
		{ errors: false, id: 'copy' }
	);
	const seriesForm = await superValidate<SeriesData, SeriesMessage>(
		{ from: week(event.startsAt).slice(0, 10) },
		zod4(seriesSchema),
		{ errors: false, id: 'series' }
	);
	const dates = event.seriesId ? await series.listSeriesEvents(await db(), event.seriesId) : [];
	return {
		event: {
			id: event.id,
			title: localised(event, getLocale()).title,
			when: when(event),
			published: event.status === 'published'
		},
		copyForm,
		seriesForm,
		seriesDates: dates.map((e) => ({
			id: e.id,
			title: localised(e, getLocale()).title,
			when: when(e),
			status: e.status
		})),
		created: url.searchParams.get('done') === 'series'
	};
};

export const actions: Actions = {
	copy: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<CopyEventData>(request, zod4(copyEventSchema), {
			id: 'copy'
		});
		if (!form.valid) return fail(400, { copyForm: form });
		const result = await copying.copyEvent(
			await db(),
			event.id,
			{
				startsAt: parseLocalEventTime(form.data.startsAt)!,
				endsAt: parseLocalEventTime(form.data.endsAt)!
			},
			actorOf(user)
		);
		if (!result.ok) {
			if (result.reason === 'notFound') return fail(404, { copyForm: form });
			const field = result.reason === 'inPast' ? 'startsAt' : 'endsAt';
			return setError(form, field, result.reason);
		}
		redirect(303, localizeHref(`/staff/events/${result.event.id}/edit?done=created`));
	},
	preview: async ({ request, params }) => {
		requireStaff('events.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<SeriesData, SeriesMessage>(request, zod4(seriesSchema), {
			id: 'series'
		});
		if (!form.valid) return fail(400, { seriesForm: form });
		const planned = series.planDates(event, toDatePlan(form.data), new Date());
		if (!planned.ok) return refuse(form, planned.reason);
		return message(form, { kind: 'preview', dates: planned.dates.map(when) });
	},
	series: async ({ request, params }) => {
		const user = requireStaff('events.manage');
		const event = await findEvent(params.id);
		const form = await superValidate<SeriesData, SeriesMessage>(request, zod4(seriesSchema), {
			id: 'series'
		});
		if (!form.valid) return fail(400, { seriesForm: form });
		const result = await series.createSeries(
			await db(),
			event.id,
			toDatePlan(form.data),
			{ publish: form.data.publish },
			actorOf(user)
		);
		if (!result.ok) {
			if (result.reason === 'notFound') return fail(404, { seriesForm: form });
			return refuse(form, result.reason);
		}
		redirect(303, localizeHref(`/staff/events/${event.id}/copy?done=series`));
	}
};

/** A plan the domain refused: the error goes on the field that made the days. */
function refuse(
	form: Awaited<ReturnType<typeof superValidate<SeriesData, SeriesMessage>>>,
	reason: series.PlanProblem
) {
	const onList = form.data.mode === 'dates';
	if (reason === 'tooMany') return setError(form, onList ? 'dates' : 'count', 'tooMany');
	return setError(form, onList ? 'dates' : 'from', reason === 'none' ? 'required' : reason);
}
