import { z } from 'zod';

z.config({ jitless: true });

/** The manage page's "Accept the seat" / "No thanks" buttons: which registration's offer. */
export const offerAnswerSchema = z.object({
	registration: z.uuid(),
	answer: z.enum(['accept', 'decline'])
});
