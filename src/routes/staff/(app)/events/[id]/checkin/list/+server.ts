import { getLocale } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guard';
import * as attendees from '$lib/server/attendees';
import { db } from '$lib/server/db/database';
import { doorJson, openDoorFor } from '../door-endpoint';
import type { RequestHandler } from './$types';

/** The list a door device keeps for working offline (DoorList); audited, never cached. */
export const GET: RequestHandler = async ({ params }) => {
	const user = requireStaff('checkin.use');
	const door = await openDoorFor(user, params.id);
	if ('response' in door) return door.response;
	return doorJson(await attendees.doorList(await db(), user, door.event, new Date(), getLocale()));
};
