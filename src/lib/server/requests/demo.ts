import type { Tx } from '../db';
import { dataSubjectRequest } from '../db/schema';
import { dueFor } from './dates';
import { findSubjects } from './subjects';

const DAY_MS = 86_400_000;

/**
 * Demo data for /staff/requests: an access request from a demo contact, received a few days ago,
 * and an overdue rectification request, so the queue, its deadlines and the dashboard's overdue
 * count have something to show. For the demo seed's transaction (it runs once per database).
 */
export async function seedDemoRequests(tx: Tx, now: Date = new Date()): Promise<number> {
	const demo = [
		{ kind: 'access' as const, channel: 'email' as const, daysAgo: 4 },
		{ kind: 'rectification' as const, channel: 'phone' as const, daysAgo: 35 }
	];
	const email = 'eero.korhonen@korhosen-kuljetus.fi';
	const subjects = await findSubjects(tx, { email });
	for (const { kind, channel, daysAgo } of demo) {
		const receivedAt = new Date(now.getTime() - daysAgo * DAY_MS);
		await tx.insert(dataSubjectRequest).values({
			kind,
			channel,
			requesterEmail: email,
			personId: subjects.people[0] ?? null,
			locale: 'fi',
			note: kind === 'access' ? 'Demo: asked for a copy of his data.' : 'Demo: title is wrong.',
			receivedAt,
			dueAt: dueFor(receivedAt)
		});
	}
	return demo.length;
}
