import { fail } from '@sveltejs/kit';
import { formatShortDateTime } from '$lib/datetime';
import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import { db } from '$lib/server/db/database';
import { RETENTION_INTERVAL_MS } from '$lib/server/jobs';
import { listRuns, retentionCalendar, runRetention } from '$lib/server/retention';
import type { Actions, PageServerLoad } from './$types';
import { eventTitle } from '$lib/event-text';

export const load: PageServerLoad = async () => {
	requireStaff('retention.manage');
	const database = await db();
	const locale = getLocale();
	const calendar = await retentionCalendar(database);
	const runs = await listRuns(database, 10);
	return {
		policy: calendar.policy,
		// Told from the timer's own figure, so the page cannot drift from what the job does.
		intervalMinutes: RETENTION_INTERVAL_MS / 60_000,
		events: calendar.events.map((row) => ({
			id: row.eventId,
			title: eventTitle(row, locale),
			ends: formatShortDateTime(row.endsAt, locale),
			purgeOn: formatShortDateTime(row.purgeOn, locale),
			due: row.purgeOn.getTime() <= Date.now(),
			toAnonymise: row.toAnonymise,
			exempt: row.exempt,
			waitlisted: row.waitlisted
		})),
		consentRequests: {
			count: calendar.consentRequests.count,
			next: calendar.consentRequests.next
				? formatShortDateTime(calendar.consentRequests.next, locale)
				: null
		},
		audit: calendar.audit,
		formerContacts: calendar.formerContacts,
		runs: runs.map((run) => ({
			id: run.id,
			started: formatShortDateTime(run.startedAt, locale),
			trigger: run.trigger,
			dryRun: run.dryRun,
			counts: run.counts,
			error: run.error
		}))
	};
};

export const actions: Actions = {
	preview: async () => {
		const user = requireStaff('retention.manage');
		const outcome = await runRetention(await db(), { trigger: 'staff', dryRun: true, actor: user });
		if (!outcome.ran) return fail(409, { busy: true });
		return { previewed: outcome.counts };
	},
	run: async () => {
		const user = requireStaff('retention.manage');
		const outcome = await runRetention(await db(), { trigger: 'staff', actor: user });
		if (!outcome.ran) return fail(409, { busy: true });
		return { ran: outcome.counts };
	}
};
