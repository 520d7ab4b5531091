import { getLocale } from '$lib/paraglide/runtime';
import { scanSchema } from '$lib/schemas/door';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import { doorJson, openDoorFor, readBody } from '../door-endpoint';
import type { RequestHandler } from './$types';

/** A scanned ticket code (ScanRequest) → ScanAnswer: the door device's hot path. */
export const POST: RequestHandler = async ({ params, request }) => {
	const user = requireStaff('checkin.use');
	const door = await openDoorFor(user, params.id);
	if ('response' in door) return door.response;
	const body = await readBody(request, scanSchema);
	if ('response' in body) return body.response;
	const answer = await attendees.scanTicket(
		await db(),
		user,
		door.event.id,
		body.data.code,
		body.data.deviceId ?? null,
		new Date(),
		getLocale()
	);
	return doorJson(answer);
};
