import { describe, expect, it } from 'vitest';
import { auditSearch, parseAuditQuery, toAuditFilter } from './audit-query';

const parse = (search: string) => parseAuditQuery(new URLSearchParams(search));

describe('audit page query', () => {
	it('keeps valid filters and drops what cannot be right', () => {
		expect(
			parse(
				'person=+pia@example.fi+&actor=1B2C3D4E-0000-4000-8000-000000000000&action=registration.&from=2026-03-29&to=2026-02-31&page=2'
			)
		).toEqual({
			person: 'pia@example.fi',
			actor: '1b2c3d4e-0000-4000-8000-000000000000',
			action: 'registration.',
			from: '2026-03-29',
			to: ''
		});
		expect(parse('actor=admin&action=DROP TABLE')).toMatchObject({
			actor: '',
			action: ''
		});
	});

	it('reads days in Finnish time, the last day in full, across a clock change', () => {
		// Summer time starts on 29 March 2026: that day has 23 hours.
		const filter = toAuditFilter(parse('from=2026-03-29&to=2026-03-29'));
		expect(filter.from?.toISOString()).toBe('2026-03-28T22:00:00.000Z');
		expect(filter.to?.toISOString()).toBe('2026-03-29T21:00:00.000Z');
		const winter = toAuditFilter(parse('to=2026-12-31'));
		expect(winter.from).toBeUndefined();
		expect(winter.to?.toISOString()).toBe('2026-12-31T22:00:00.000Z');
	});

	it('writes back only the filters in use', () => {
		// A cursor is one page's, not the filter's: a new search starts from the newest events.
		const query = parse('action=staff.signed_in&after=abc');
		expect(auditSearch(query)).toBe('?action=staff.signed_in');
		expect(auditSearch(parse(''))).toBe('');
	});
});
