import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

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
