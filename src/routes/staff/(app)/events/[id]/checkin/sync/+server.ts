import { syncSchema } from '$lib/schemas/door';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import { doorJson, openDoorFor, readBody } from '../door-endpoint';
import type { RequestHandler } from './$types';

/** A door device's offline queue (SyncRequest) → { results: SyncResult[] }, in the same order. */
export const POST: RequestHandler = async ({ params, request }) => {
	const user = requireStaff('checkin.use');
	const door = await openDoorFor(user, params.id);
	if ('response' in door) return door.response;
	const body = await readBody(request, syncSchema);
	if ('response' in body) return body.response;
	const { deviceId, checkIns } = body.data;
	const results = await attendees.syncCheckIns(await db(), user, door.event, deviceId, checkIns);
	return doorJson({ results });
};
