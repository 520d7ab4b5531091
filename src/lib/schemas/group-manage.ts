import { z } from 'zod';

/** The booker's cancel of one attendee on the group page: which member (the button's value). */
export const groupCancelSchema = z.object({ member: z.uuid() });
