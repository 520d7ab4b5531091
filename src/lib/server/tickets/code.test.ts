import { describe, expect, it } from 'vitest';
import {
	formatTicketCode,
	normaliseTicketCode,
	ticketCode,
	ticketHash,
	TICKET_CODE_LENGTH
} from './code';

const SECRET = 'test-secret-key-not-secret-0123456789abc';
const ID = '0b6f3c1e-2a4d-4e8f-9a1b-2c3d4e5f6a7b';

describe('ticket codes', () => {
	it('are 26 characters of uppercase Crockford base32, stable for an id and version', () => {
		const code = ticketCode(ID, 1, SECRET);
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(code).toHaveLength(TICKET_CODE_LENGTH);
		expect(ticketCode(ID, 1, SECRET)).toBe(code);
	});

	it('change with the version, the id and the secret', () => {
		const code = ticketCode(ID, 1, SECRET);
		expect(ticketCode(ID, 2, SECRET)).not.toBe(code);
		expect(ticketCode(ID.replace('0b', '0c'), 1, SECRET)).not.toBe(code);
		expect(ticketCode(ID, 1, `${SECRET}x`)).not.toBe(code);
	});

	it('say nothing of the id they are made from', () => {
		const code = ticketCode(ID, 1, SECRET);
		expect(code).not.toContain(ID.slice(0, 8).toUpperCase());
	});

	it('spread over the whole alphabet (the bits are not truncated wrongly)', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) for (const c of ticketCode(`${ID}${i}`, 1, SECRET)) seen.add(c);
		expect(seen.size).toBe(32);
	});

	it('read back from print, lower case, spaces, hyphens and the look-alike letters', () => {
		const code = ticketCode(ID, 1, SECRET);
		expect(normaliseTicketCode(formatTicketCode(code))).toBe(code);
		expect(normaliseTicketCode(code.toLowerCase())).toBe(code);
		const spoken = code.replace(/0/g, 'O').replace(/1/g, 'l');
		expect(normaliseTicketCode(spoken)).toBe(code);
		expect(normaliseTicketCode(`${code.slice(0, 10)}-${code.slice(10)}`)).toBe(code);
	});

	it('refuse what cannot be a code', () => {
		const code = ticketCode(ID, 1, SECRET);
		expect(normaliseTicketCode(code.slice(1))).toBeNull();
		expect(normaliseTicketCode(`${code}A`)).toBeNull();
		expect(normaliseTicketCode(`U${code.slice(1)}`)).toBeNull();
		expect(normaliseTicketCode(`https://x/${code}`)).toBeNull();
		expect(normaliseTicketCode('')).toBeNull();
	});

	it('are stored only as a SHA-256', () => {
		expect(ticketHash('ABC')).toMatch(/^[0-9a-f]{64}$/);
	});
});
