import { signupSchema } from './registration';

/** "Send me my link again": the address only, checked as on the sign-up form. */
export const manageLinkSchema = signupSchema.pick({ email: true });
export type ManageLinkData = { email: string };
