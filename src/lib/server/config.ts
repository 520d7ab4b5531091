import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Every environment variable the app reads, parsed and validated once.
 * Domain code receives values from here instead of touching process.env, so the CLI shares it.
 */
export interface Config {
	databaseUrl: string | undefined;
	dataDir: string;
	origin: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	production: boolean;
	controller: {
		name: string;
		address: string;
		phone: string;
		email: string;
	};
}

export class ConfigError extends Error {}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = env[name]?.trim();
	return value ? value : undefined;
}

function checkUrl(
	name: string,
	value: string | undefined,
	protocols: string[]
): string | undefined {
	if (value === undefined) return undefined;
	let parsed: URL;
	try {
		parsed = new URL(value);
	} catch {
		throw new ConfigError(`${name} is not a valid URL`);
	}
	if (!protocols.includes(parsed.protocol)) {
		throw new ConfigError(`${name} must start with ${protocols.join(' or ')}`);
	}
	return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const databaseUrl = checkUrl('DATABASE_URL', optional(env, 'DATABASE_URL'), [
		'postgres:',
		'postgresql:'
	]);
	const smtpUrl = checkUrl('SMTP_URL', optional(env, 'SMTP_URL'), ['smtp:', 'smtps:']);
	const origin = checkUrl('ORIGIN', optional(env, 'ORIGIN'), ['http:', 'https:']);
	return {
		databaseUrl,
		dataDir: path.resolve(optional(env, 'ILMO_DATA_DIR') ?? './data'),
		origin,
		smtpUrl,
		mailFrom: optional(env, 'MAIL_FROM') ?? 'Wetteri Trucks <noreply@wetteritrucks.fi>',
		production: env.NODE_ENV === 'production',
		controller: {
			name: optional(env, 'ILMO_CONTROLLER_NAME') ?? 'Wetteri Trucks Oy',
			address: optional(env, 'ILMO_CONTROLLER_ADDRESS') ?? 'Pollenkuja 6, 20380 Turku',
			phone: optional(env, 'ILMO_CONTROLLER_PHONE') ?? '044 556 7887',
			email: optional(env, 'ILMO_CONTROLLER_EMAIL') ?? 'wetteritrucks@wetteri.fi'
		}
	};
}

let loaded: Config | undefined;

/** The process-wide configuration; `.env` in the working directory is read first when present. */
export function config(): Config {
	if (!loaded) {
		if (existsSync('.env')) process.loadEnvFile('.env');
		loaded = readConfig();
	}
	return loaded;
}
