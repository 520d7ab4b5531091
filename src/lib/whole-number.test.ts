import { describe, expect, it } from 'vitest';
import { parsePageParam, parseWholeNumber } from './whole-number';

describe('parseWholeNumber', () => {
	it.each([
		['0', 0],
		['12', 12],
		[' 12 ', 12],
		['\t100000\n', 100000],
		['007', 7],
		['999999999999999', 999_999_999_999_999]
	])('reads %j as %d', (text, number) => {
		expect(parseWholeNumber(text)).toBe(number);
	});

	it.each([
		'',
		'   ',
		'1e5',
		'0x10',
		'0b1',
		'0o7',
		'1.0',
		'1.5',
		'.5',
		'+5',
		'-5',
		'-0',
		'5 5',
		'1 000',
		'1_000',
		'12abc',
		'Infinity',
		'NaN',
		'１２',
		'٣',
		'9007199254740993',
		'1'.repeat(16),
		'9'.repeat(400)
	])('refuses %j', (text) => {
		expect(parseWholeNumber(text)).toBeNull();
	});

	it('refuses what is not text', () => {
		expect(parseWholeNumber(null)).toBeNull();
		expect(parseWholeNumber(undefined)).toBeNull();
	});
});

describe('parsePageParam', () => {
	const page = (search: string) => parsePageParam(new URLSearchParams(search));

	it('reads a page from 1 up', () => {
		expect(page('page=3')).toBe(3);
		expect(page('page=+3+')).toBe(3);
	});

	it.each(['', 'page=', 'page=0', 'page=-2', 'page=2e1', 'page=0x10', 'page=5abc', 'page=1.9'])(
		'falls back to the first page for %j',
		(search) => expect(page(search)).toBe(1)
	);
});
