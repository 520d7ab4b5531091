import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * How long audit events are kept. Two years covers the accounting period in which a misuse is
 * usually noticed and complained about, and lets a data subject's question "who has seen my data?"
 * be answered for every registration the app still holds. The default of ILMO_RETENTION_AUDIT_MONTHS:
 * the retention job, the privacy page and the staff logging notice all read the configured figure.
 */
export const AUDIT_RETENTION_MONTHS = 24;

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
	rateLimits: {
		signups: RateLimitSpec;
		logins: RateLimitSpec;
		/**
		 * "Send me my link again" (/manage): counted per client address block and, separately, per
		 * address asked for, so no one can fill a stranger's inbox from many addresses.
		 */
		links: RateLimitSpec;
	};
	/** Secret for hashing client addresses in rate-limit keys; random per process when unset. */
	rateKey: string;
	rateKeyConfigured: boolean;
	/**
	 * Secret for the HMACs on the marketing suppression list (ILMO_SUPPRESSION_KEY), kept outside
	 * the database so a copy of the database alone cannot test addresses against the list. Random
	 * per process when unset (dev, tests): the list then only holds until the process restarts.
	 * Never change it once set, or every entry on the list stops matching.
	 */
	suppressionKey: string;
	suppressionKeyConfigured: boolean;
	/**
	 * ILMO_SECRET_KEY: encrypts TOTP secrets at rest (and keys ticket codes). Unset here means the
	 * caller decides: production refuses to start, development keeps a key file in the data folder.
	 */
	secretKey: string | undefined;
	/** MAIL_REPLY_TO: where replies to automatic mail go; defaults to the controller's email. */
	mailReplyTo: string;
	controller: {
		name: string;
		address: string;
		phone: string;
		email: string;
	};
	/**
	 * adapter-node's request body limit in bytes (BODY_SIZE_LIMIT, default 512K), read here too so
	 * the CSV import can refuse a larger file with a message of its own. Infinity: no limit.
	 */
	bodySizeLimit: number;
	/**
	 * ILMO_EMBED_ORIGINS: the sites that may show the public pages' embeddable views in an iframe
	 * (CSP frame-ancestors on those views only); empty, the default, lets no one frame anything.
	 */
	embedOrigins: string[];
	/**
	 * The organisation's look from the environment (ILMO_BRAND_NAME, ILMO_BRAND_COLOUR as #rrggbb,
	 * ILMO_BRAND_LOGO a path to a PNG or SVG file); an admin's settings page overrides each. Unset:
	 * the neutral default (the controller's name, no logo, the plain palette).
	 */
	brand: {
		name: string | undefined;
		colour: string | undefined;
		logoFile: string | undefined;
	};
	/** Retention periods in months that the controller may set; the privacy page states them. */
	retention: {
		auditMonths: number;
		formerContactMonths: number;
	};
}

export class ConfigError extends Error {}

export interface RateLimitSpec {
	max: number;
	windowSeconds: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "20/10m" → 20 requests per 10 minutes; units s, m, h, d. */
export function parseRateLimit(name: string, value: string): RateLimitSpec {
	const match = /^(\d+)\s*\/\s*(\d*)\s*([smhd])$/.exec(value.trim());
	if (!match)
		throw new ConfigError(`${name} must look like 20/10m (count / window in s, m, h or d)`);
	const max = Number(match[1]);
	const windowSeconds = Number(match[2] || '1') * UNIT_SECONDS[match[3]!]!;
	if (max < 1 || windowSeconds < 1)
		throw new ConfigError(`${name} must allow at least 1 per window`);
	return { max, windowSeconds };
}

const BYTE_UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * A size the way adapter-node reads BODY_SIZE_LIMIT: bytes, or a number with a K, M or G suffix
 * (powers of 1024), or Infinity. The two must agree, or the import would promise what the
 * server then refuses.
 */
export function parseByteSize(name: string, value: string): number {
	const text = value.trim();
	const multiplier = BYTE_UNITS[text.slice(-1).toUpperCase()];
	const number = multiplier ? text.slice(0, -1).trim() : text;
	const bytes = Number(number) * (multiplier ?? 1);
	if (number === '' || Number.isNaN(bytes) || bytes < 0) {
		throw new ConfigError(
			`${name} must be a number of bytes, optionally with K, M or G, or Infinity`
		);
	}
	return bytes;
}

/** A whole number of months, 1–240: a retention period nobody can set to zero by a typo. */
export function parseMonths(name: string, value: string): number {
	const months = Number(value.trim());
	if (!Number.isInteger(months) || months < 1 || months > 240) {
		throw new ConfigError(`${name} must be a whole number of months from 1 to 240`);
	}
	return months;
}

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

/**
 * "https://www.example.fi https://example.fi" (spaces or commas) → exact origins: scheme, host and
 * port only, as CSP frame-ancestors and postMessage compare them.
 */
export function parseOrigins(name: string, value: string | undefined): string[] {
	if (value === undefined) return [];
	return value
		.split(/[\s,]+/)
		.filter(Boolean)
		.map((item) => {
			let url: URL;
			try {
				url = new URL(item);
			} catch {
				throw new ConfigError(`${name}: "${item}" is not a URL like https://www.example.fi`);
			}
			if (!['http:', 'https:'].includes(url.protocol) || url.origin !== item.replace(/\/$/, '')) {
				throw new ConfigError(
					`${name}: "${item}" must be an origin only (scheme, host and port), like https://www.example.fi`
				);
			}
			return url.origin;
		});
}

/** "#1a5fb4" (any case) → "#1a5fb4"; anything else is a configuration error. */
export function parseColour(name: string, value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	if (!/^#[0-9a-f]{6}$/i.test(value)) {
		throw new ConfigError(`${name} must be a colour like #1a5fb4`);
	}
	return value.toLowerCase();
}

function randomSecret(): string {
	return randomBytes(32).toString('base64url');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const databaseUrl = checkUrl('DATABASE_URL', optional(env, 'DATABASE_URL'), [
		'postgres:',
		'postgresql:'
	]);
	const smtpUrl = checkUrl('SMTP_URL', optional(env, 'SMTP_URL'), ['smtp:', 'smtps:']);
	const origin = checkUrl('ORIGIN', optional(env, 'ORIGIN'), ['http:', 'https:']);
	const rateKey = optional(env, 'ILMO_RATE_KEY');
	const suppressionKey = optional(env, 'ILMO_SUPPRESSION_KEY');
	const controllerEmail = optional(env, 'ILMO_CONTROLLER_EMAIL') ?? 'wetteritrucks@wetteri.fi';
	return {
		databaseUrl,
		dataDir: path.resolve(optional(env, 'ILMO_DATA_DIR') ?? './data'),
		origin,
		smtpUrl,
		mailFrom: optional(env, 'MAIL_FROM') ?? 'Wetteri Trucks <noreply@wetteritrucks.fi>',
		production: env.NODE_ENV === 'production',
		rateLimits: {
			signups: parseRateLimit(
				'ILMO_RATE_LIMIT_SIGNUPS',
				optional(env, 'ILMO_RATE_LIMIT_SIGNUPS') ?? '20/10m'
			),
			logins: parseRateLimit(
				'ILMO_RATE_LIMIT_LOGINS',
				optional(env, 'ILMO_RATE_LIMIT_LOGINS') ?? '10/15m'
			),
			links: parseRateLimit(
				'ILMO_RATE_LIMIT_LINKS',
				optional(env, 'ILMO_RATE_LIMIT_LINKS') ?? '5/10m'
			)
		},
		embedOrigins: parseOrigins('ILMO_EMBED_ORIGINS', optional(env, 'ILMO_EMBED_ORIGINS')),
		brand: {
			name: optional(env, 'ILMO_BRAND_NAME'),
			colour: parseColour('ILMO_BRAND_COLOUR', optional(env, 'ILMO_BRAND_COLOUR')),
			logoFile: optional(env, 'ILMO_BRAND_LOGO')
		},
		bodySizeLimit: parseByteSize('BODY_SIZE_LIMIT', optional(env, 'BODY_SIZE_LIMIT') ?? '512K'),
		retention: {
			auditMonths: parseMonths(
				'ILMO_RETENTION_AUDIT_MONTHS',
				optional(env, 'ILMO_RETENTION_AUDIT_MONTHS') ?? String(AUDIT_RETENTION_MONTHS)
			),
			formerContactMonths: parseMonths(
				'ILMO_RETENTION_FORMER_CONTACT_MONTHS',
				optional(env, 'ILMO_RETENTION_FORMER_CONTACT_MONTHS') ?? '36'
			)
		},
		rateKey: rateKey ?? randomSecret(),
		rateKeyConfigured: rateKey !== undefined,
		suppressionKey: suppressionKey ?? randomSecret(),
		suppressionKeyConfigured: suppressionKey !== undefined,
		secretKey: optional(env, 'ILMO_SECRET_KEY'),
		mailReplyTo: optional(env, 'MAIL_REPLY_TO') ?? controllerEmail,
		controller: {
			name: optional(env, 'ILMO_CONTROLLER_NAME') ?? 'Wetteri Trucks Oy',
			address: optional(env, 'ILMO_CONTROLLER_ADDRESS') ?? 'Pollenkuja 6, 20380 Turku',
			phone: optional(env, 'ILMO_CONTROLLER_PHONE') ?? '044 556 7887',
			email: controllerEmail
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
