import { z } from 'zod';

/** How many queued check-ins one sync request may carry; a longer queue is sent in several. */
export const MAX_SYNC_ITEMS = 500;

/** A door device's own random id: printable, short, no personal data. */
const deviceId = z
	.string()
	.trim()
	.min(1)
	.max(64)
	.regex(/^[\w-]+$/);

/** The ticket code field (door page form and POST …/checkin/scan): read by normaliseTicketCode. */
export const scanSchema = z.object({
	code: z.string().max(200, 'tooLong').default(''),
	deviceId: deviceId.optional()
});

/** POST …/checkin/sync: a door device's offline queue, in the order it was filled. */
export const syncSchema = z.object({
	deviceId,
	checkIns: z
		.array(
			z.object({
				registrationId: z.string().max(64),
				at: z.iso.datetime({ offset: true }),
				via: z.enum(['scan', 'search'])
			})
		)
		.max(MAX_SYNC_ITEMS)
});
