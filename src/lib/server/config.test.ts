import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseByteSize, parseRateLimit, readConfig } from './config';

describe('readConfig', () => {
	it('defaults to the embedded database in ./data and the seed notice’s controller', () => {
		const config = readConfig({});
		expect(config.databaseUrl).toBeUndefined();
		expect(config.dataDir).toBe(path.resolve('data'));
		expect(config.controller).toEqual({
			name: 'Wetteri Trucks Oy',
			address: 'Pollenkuja 6, 20380 Turku',
			phone: '044 556 7887',
			email: 'wetteritrucks@wetteri.fi'
		});
	});

	it('reads the variables DESIGN.md names', () => {
		const config = readConfig({
			DATABASE_URL: 'postgres://u:p@db:5432/ilmo',
			ILMO_DATA_DIR: '/var/lib/ilmo',
			SMTP_URL: 'smtp://mail:25',
			MAIL_FROM: 'Events <events@example.fi>',
			ORIGIN: 'https://events.example.fi',
			ILMO_CONTROLLER_NAME: 'Example Oy',
			NODE_ENV: 'production'
		});
		expect(config).toMatchObject({
			databaseUrl: 'postgres://u:p@db:5432/ilmo',
			dataDir: '/var/lib/ilmo',
			smtpUrl: 'smtp://mail:25',
			mailFrom: 'Events <events@example.fi>',
			origin: 'https://events.example.fi',
			production: true
		});
		expect(config.controller.name).toBe('Example Oy');
	});

	it('treats empty values as unset and rejects malformed URLs clearly', () => {
		expect(readConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => readConfig({ SMTP_URL: 'not a url' })).toThrow(/SMTP_URL/);
	});
});

describe('parseRateLimit', () => {
	it.each([
		['20/10m', { max: 20, windowSeconds: 600 }],
		['5/h', { max: 5, windowSeconds: 3600 }],
		['1000 / 30s', { max: 1000, windowSeconds: 30 }],
		['3/2d', { max: 3, windowSeconds: 172_800 }]
	])('%s', (value, expected) => {
		expect(parseRateLimit('X', value)).toEqual(expected);
	});

	it.each(['20', '20/10', 'ten/m', '0/1m', '20/10w'])('refuses %s clearly', (value) => {
		expect(() => parseRateLimit('ILMO_RATE_LIMIT_SIGNUPS', value)).toThrow(
			/ILMO_RATE_LIMIT_SIGNUPS/
		);
	});

	it('reads the limits from the environment with defaults', () => {
		expect(readConfig({}).rateLimits.signups).toEqual({ max: 20, windowSeconds: 600 });
		expect(readConfig({ ILMO_RATE_LIMIT_SIGNUPS: '100/1m' }).rateLimits.signups).toEqual({
			max: 100,
			windowSeconds: 60
		});
		expect(readConfig({}).rateLimits.links).toEqual({ max: 5, windowSeconds: 600 });
		expect(readConfig({ ILMO_RATE_LIMIT_LINKS: '2/1h' }).rateLimits.links).toEqual({
			max: 2,
			windowSeconds: 3600
		});
		expect(() => readConfig({ ILMO_RATE_LIMIT_LINKS: 'many' })).toThrow(/ILMO_RATE_LIMIT_LINKS/);
	});
});

describe('BODY_SIZE_LIMIT', () => {
	it.each([
		['524288', 524_288],
		['512K', 524_288],
		['512k', 524_288],
		['10M', 10_485_760],
		['1G', 1_073_741_824],
		['Infinity', Infinity]
	])('reads %s as adapter-node does', (value, expected) => {
		expect(parseByteSize('BODY_SIZE_LIMIT', value)).toBe(expected);
	});

	it.each(['ten', '10X', '-1', 'M'])('refuses %s clearly', (value) => {
		expect(() => parseByteSize('BODY_SIZE_LIMIT', value)).toThrow(/BODY_SIZE_LIMIT/);
	});

	it('defaults to adapter-node’s 512K', () => {
		expect(readConfig({}).bodySizeLimit).toBe(524_288);
		expect(readConfig({ BODY_SIZE_LIMIT: '2M' }).bodySizeLimit).toBe(2_097_152);
	});
});

describe('retention periods', () => {
	it('default to 24 months of audit events and 36 of former customers, and can be set', () => {
		expect(readConfig({}).retention).toEqual({ auditMonths: 24, formerContactMonths: 36 });
		expect(
			readConfig({
				ILMO_RETENTION_AUDIT_MONTHS: '12',
				ILMO_RETENTION_FORMER_CONTACT_MONTHS: ' 60 '
			}).retention
		).toEqual({ auditMonths: 12, formerContactMonths: 60 });
	});

	it('refuses zero, fractions and words', () => {
		for (const value of ['0', '1.5', 'kaksi', '-3', '241']) {
			expect(() => readConfig({ ILMO_RETENTION_AUDIT_MONTHS: value })).toThrow(ConfigError);
		}
	});
});
