import type { Tx } from '../db';
import { dataSubjectRequest } from '../db/schema';
import { dueFor } from './dates';
import { findSubjects } from '../person/subjects';

const DAY_MS = 86_400_000;

/**
 * Demo data for /staff/requests: an access request and a rectification request from a demo
 * contact, received days ago and well within their month, so the queue and its deadlines have
 * something to show. None is overdue: the demo is what a healthy organisation looks like, and an
 * overdue count in red on its first screen would say otherwise. For the demo seed's transaction (it runs once per database).
 */
export async function seedDemoRequests(tx: Tx, now: Date = new Date()): Promise<number> {
	const demo = [
		{ kind: 'access' as const, channel: 'email' as const, daysAgo: 4 },
		{ kind: 'rectification' as const, channel: 'phone' as const, daysAgo: 9 }
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
