import { z } from 'zod';

// Compiled validators would need eval, which the CSP forbids.
z.config({ jitless: true });

/**
 * The buttons of the unsubscribe page (`/unsubscribe/{token}`): each posts one `choice`. Only
 * refusals: giving consent always goes through the double opt-in link.
 */
export const UNSUBSCRIBE_CHOICES = [
	'withdraw_email',
	'prohibit_sms',
	'prohibit_phone',
	'prohibit_post',
	'prohibit_all'
] as const;

export const unsubscribeSchema = z.object({ choice: z.enum(UNSUBSCRIBE_CHOICES) });
export type UnsubscribeChoice = (typeof UNSUBSCRIBE_CHOICES)[number];

/** The manage page's marketing buttons: those above, plus withdrawing SMS and forbidding email. */
export const MANAGE_MARKETING_CHOICES = [
	...UNSUBSCRIBE_CHOICES,
	'withdraw_sms',
	'prohibit_email'
] as const;

export const manageMarketingSchema = unsubscribeSchema.extend({
	choice: z.enum(MANAGE_MARKETING_CHOICES)
});
export type MarketingChoice = (typeof MANAGE_MARKETING_CHOICES)[number];

export type ChoiceChannel = 'email' | 'sms' | 'phone' | 'post' | 'all';

/** What a button records: `prohibit_all` is the Art. 21 objection to all direct marketing. */
export function decisionOf(choice: MarketingChoice): {
	channel: ChoiceChannel;
	decision: 'withdrawn' | 'prohibited';
} {
	const [verb, channel] = choice.split('_') as ['withdraw' | 'prohibit', ChoiceChannel];
	return { channel, decision: verb === 'withdraw' ? 'withdrawn' : 'prohibited' };
}
