/**
 * What the door device's JSON endpoints (scan, list, sync) share: the event's door for this
 * account, bodies read strictly, and answers never cached. Each endpoint still starts with
 * requireStaff; a caller without a session is answered 401 before it (src/lib/server/auth/handle.ts).
 */
import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import type { SessionUser } from '$lib/server/auth/session';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import type { Event } from '$lib/server/db/schema';
import { PRIVATE_HEADERS } from '$lib/server/http';

export function doorJson(body: unknown, status = 200): Response {
	return json(body, { status, headers: PRIVATE_HEADERS });
}

/** The event if this account may work its door now, else the JSON answer to send instead. */
export async function openDoorFor(
	user: SessionUser,
	eventId: string
): Promise<{ event: Event } | { response: Response }> {
	const access = await attendees.openDoor(await db(), user.role, eventId);
	if (access.ok) return { event: access.event };
	return access.reason === 'forbidden'
		? { response: doorJson({ error: 'forbidden' }, 403) }
		: { response: doorJson({ error: 'not_found' }, 404) };
}

/** A JSON body checked against its schema, or a 400 answer: never a 500 for what a client sends. */
export async function readBody<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<{ data: z.infer<S> } | { response: Response }> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type)) {
		return { response: doorJson({ error: 'content_type' }, 400) };
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return { response: doorJson({ error: 'bad_json' }, 400) };
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) return { response: doorJson({ error: 'invalid' }, 400) };
	return { data: parsed.data };
}
