import { describe, expect, it } from 'vitest';
import { parsePermissionQuery } from './permissions/list-query';

// Every staff list reads its page the same way (parsePageParam), so a fix reaches them all.
const LISTS = {
	permissions: parsePermissionQuery
};

describe.each(Object.entries(LISTS))('the %s list', (_name, parse) => {
	const page = (value: string) => parse(new URLSearchParams({ page: value })).page;

	it('reads a plain page number', () => {
		expect(page('4')).toBe(4);
		expect(page(' 4 ')).toBe(4);
	});

	it.each(['2e1', '0x10', '5abc', '1.9', '+3', '-3', '0', 'Infinity', '1'.repeat(30)])(
		'shows the first page for ?page=%s',
		(value) => expect(page(value)).toBe(1)
	);
});
