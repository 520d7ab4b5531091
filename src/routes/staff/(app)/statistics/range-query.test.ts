import { describe, expect, it } from 'vitest';
import { parseRangeQuery } from './range-query';

const NOW = new Date('2026-04-10T12:00:00Z');
const parse = (query: string) => parseRangeQuery(new URLSearchParams(query), NOW);

describe('parseRangeQuery', () => {
	it('defaults to the last twelve months', () => {
		expect(parse('')).toEqual({
			typed: { from: '2025-05', to: '2026-04' },
			errors: {},
			range: { from: '2025-05', to: '2026-04' }
		});
	});

	it('takes a period as month inputs send it', () => {
		expect(parse('from=2026-01&to=2026-03').range).toEqual({ from: '2026-01', to: '2026-03' });
		expect(parse('from=2021-05&to=2026-04').errors).toEqual({});
	});

	it('keeps what was typed, says what is wrong and falls back to the default', () => {
		expect(parse('from=3%2F2026&to=2026-13')).toEqual({
			typed: { from: '3/2026', to: '2026-13' },
			errors: { from: 'month', to: 'month' },
			range: { from: '2025-05', to: '2026-04' }
		});
		expect(parse('from=2026-04&to=2026-03').errors).toEqual({ to: 'order' });
		expect(parse('from=2021-04&to=2026-04').errors).toEqual({ to: 'long' });
	});

	it('takes only the years 1900–2999: a month past 9999 or year 0 cannot be read right', () => {
		expect(parse('from=2026-01&to=9999-12')).toEqual({
			typed: { from: '2026-01', to: '9999-12' },
			errors: { to: 'year' },
			range: { from: '2025-05', to: '2026-04' }
		});
		expect(parse('from=0000-01&to=0000-12').errors).toEqual({ from: 'year', to: 'year' });
		expect(parse('from=1899-12&to=1900-01').errors).toEqual({ from: 'year' });
		expect(parse('from=1900-01&to=1900-12').errors).toEqual({});
		expect(parse('from=2999-01&to=2999-12').range).toEqual({ from: '2999-01', to: '2999-12' });
	});
});
