import { describe, expect, it } from 'vitest';
import { seatsAvailability } from './seats';

describe('seatsAvailability', () => {
	it.each([
		[0, 20, 'full'],
		[-1, 20, 'full'],
		[1, 20, 'few'],
		[5, 400, 'few'],
		[40, 400, 'few'],
		[41, 400, 'plenty'],
		[6, 20, 'plenty'],
		[1, undefined, 'few'],
		[6, undefined, 'plenty']
	] as const)('%i of %s seats left is %s', (seatsLeft, capacity, expected) => {
		expect(seatsAvailability(seatsLeft, capacity)).toBe(expected);
	});
});
