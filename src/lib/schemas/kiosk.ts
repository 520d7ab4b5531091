import { z } from 'zod';

/** Leaving kiosk mode: the password of the account the tablet is signed in with. */
export const kioskLeaveSchema = z.object({ password: z.string().max(1024) });

export type KioskLeaveData = z.infer<typeof kioskLeaveSchema>;

export type KioskLeaveMessage = { kind: 'wrongPassword' } | { kind: 'throttled'; seconds: number };
