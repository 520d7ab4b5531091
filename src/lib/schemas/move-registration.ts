import { z } from 'zod';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/** Staff move a registrant to another date of the event's series: the date is all they choose. */
export const moveRegistrationSchema = z.object({
	targetId: z.string().trim().min(1, 'required').max(64, 'required')
});

export type MoveRegistrationData = z.infer<typeof moveRegistrationSchema>;
