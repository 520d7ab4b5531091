/** How an event's seats stand, as a visitor should read them at a glance. */
export type SeatsAvailability = 'plenty' | 'few' | 'full';

/**
 * "1 seat left" must not look like "400 seats": at five seats or fewer, or a tenth of a large event's
 * capacity, the seats are few, so a visitor knows not to put the sign-up off. Without a capacity
 * only the five count.
 */
export function seatsAvailability(seatsLeft: number, capacity?: number): SeatsAvailability {
	if (seatsLeft <= 0) return 'full';
	if (seatsLeft <= 5 || (capacity !== undefined && seatsLeft <= capacity / 10)) return 'few';
	return 'plenty';
}
