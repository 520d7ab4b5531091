import { message, type SuperValidated } from 'sveltekit-superforms';
import { config } from '$lib/server/config';
import type { Db } from '$lib/server/db';
import * as rateLimits from '$lib/server/rate-limit';

/** Why a sign-in step turned the attempt away: shown to the person in the same words at each step. */
export type StepRefusal = { kind: 'invalid' } | { kind: 'throttled'; seconds: number };

/**
 * A cap on attempts per address at one sign-in step, on top of the per-account throttle the step
 * itself keeps. Answers how many seconds to wait, or null when the attempt may go on.
 */
export async function throttleAddress(
	database: Db,
	bucket: 'login' | 'login-code',
	clientAddress: string
): Promise<number | null> {
	const limited = await rateLimits.hit(database, {
		bucket,
		address: rateLimits.addressBlock(clientAddress),
		limit: config().rateLimits.logins,
		secret: config().rateKey
	});
	return limited.allowed ? null : limited.retryAfterSeconds;
}

/** Turns an attempt away: told to wait `seconds` when throttled, otherwise only that it failed. */
export function refuse<T extends Record<string, unknown>>(
	form: SuperValidated<T>,
	seconds?: number
) {
	return seconds === undefined
		? message(form, { kind: 'invalid' } as StepRefusal, { status: 400 })
		: message(form, { kind: 'throttled', seconds } as StepRefusal, { status: 429 });
}
