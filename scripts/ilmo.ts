/**
 * The Ilmo command line: `npm run ilmo -- <command>`. Exit codes: 0 done, 1 refused, 2 usage.
 * It shares the domain code with the app; on the embedded database it runs only while the app is
 * stopped (PGlite is one process per directory), on PostgreSQL alongside it.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { config, ConfigError } from '../src/lib/server/config';
import { openDatabase, type Database } from '../src/lib/server/db';
import { DirectoryLockedError } from '../src/lib/server/db/lock';
import { seedDemo } from '../src/lib/server/demo/seed';
import * as staffUsers from '../src/lib/server/auth/users';
import {
	checkSecretKey,
	resolveSecretKey,
	SecretKeyError
} from '../src/lib/server/auth/secret-key';
import * as totp from '../src/lib/server/auth/totp';
import { MIN_PASSWORD_LENGTH } from '../src/lib/server/auth/password';
import { ROLES } from '../src/lib/server/auth/access';
import type { StaffRole } from '../src/lib/server/db/schema';
import * as backups from '../src/lib/server/backup';
import { reapplyErasureJournal } from '../src/lib/server/requests';
import { backfillTickets } from '../src/lib/server/tickets';
import { runRetention } from '../src/lib/server/retention';
import { runAllJobs } from '../src/lib/server/jobs';

interface Command {
	usage: string;
	summary: string;
	/**
	 * False for restore: it checks the backup's key check itself, and must find an empty database
	 * as it is (opening checks the secret key and may store its check value).
	 */
	checksSecretKey?: false;
	run(args: string[], database: () => Promise<Database>): Promise<number>;
}

class UsageError extends Error {}

/** `--name value` pairs; anything else is a usage error. */
function parseFlags(args: string[], allowed: string[]): Record<string, string> {
	const flags: Record<string, string> = {};
	for (let i = 0; i < args.length; i += 2) {
		const name = args[i]!;
		const value = args[i + 1];
		if (!name.startsWith('--') || !allowed.includes(name.slice(2)) || value === undefined) {
			throw new UsageError(`Unexpected argument: ${name}`);
		}
		flags[name.slice(2)] = value;
	}
	return flags;
}

/** Options and positional arguments the node:util way; its complaints are usage errors. */
function parseOptions<T extends Record<string, { type: 'string' | 'boolean' }>>(
	args: string[],
	options: T,
	positionals: number
) {
	let parsed;
	try {
		parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
	if (parsed.positionals.length > positionals) {
		throw new UsageError(`Unexpected argument: ${parsed.positionals[positionals]}`);
	}
	return parsed;
}

/** The first line of standard input: a password never goes on the command line or into history. */
async function readFirstLine(prompt = 'Password: '): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write(prompt);
	let data = '';
	for await (const chunk of process.stdin) {
		data += chunk;
		if (data.includes('\n')) break;
	}
	return data.split(/\r?\n/)[0] ?? '';
}

const PASSWORD_PROBLEMS: Record<string, string> = {
	tooShort: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
	tooLong: 'The password is too long.',
	tooCommon: 'The password is too common or contains the name or email; choose another.',
	emailTaken: 'A staff account with that email already exists.'
};

// Scripted backups (cron) cannot type: the passphrase may come from the environment or .env
// instead. It is read here and nowhere else, so it is not in config.ts.
const PASSPHRASE_VARIABLE = 'ILMO_BACKUP_PASSPHRASE';
const MIN_PASSPHRASE_LENGTH = 12;

function readPassphrase(): Promise<string> {
	config(); // loads .env, which may hold the passphrase
	const given = process.env[PASSPHRASE_VARIABLE];
	return given ? Promise.resolve(given) : readFirstLine('Passphrase: ');
}

function printCounts(tables: backups.TableCount[]) {
	const width = Math.max(...tables.map((t) => t.table.length));
	for (const t of tables) console.log(`  ${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}`);
}

const sum = (tables: backups.TableCount[]) => tables.reduce((n, t) => n + t.rows, 0);

const commands: Record<string, Command> = {
	'staff:create': {
		usage: 'staff:create --email E --name N --role admin|staff|door',
		summary: 'Create a named staff account; the password is read from the first line of stdin.',
		async run(args, database) {
			const flags = parseFlags(args, ['email', 'name', 'role']);
			if (!flags.email || !flags.name || !flags.role) {
				throw new UsageError('staff:create needs --email, --name and --role');
			}
			if (!ROLES.includes(flags.role as StaffRole)) {
				throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
			}
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(flags.email)) {
				throw new UsageError('--email is not an email address');
			}
			const password = await readFirstLine();
			const { db } = await database();
			const result = await staffUsers.create(
				db,
				{ email: flags.email, displayName: flags.name, role: flags.role as StaffRole, password },
				{ kind: 'cli' }
			);
			if (!result.ok) {
				console.error(PASSWORD_PROBLEMS[result.reason] ?? result.reason);
				return 1;
			}
			console.log(`Created ${result.user.role} ${result.user.email} (${result.user.displayName}).`);
			return 0;
		}
	},
	'staff:reset-totp': {
		usage: 'staff:reset-totp --email E',
		summary:
			'Turn off the second factor of an account whose authenticator and recovery codes are ' +
			'lost: drops its recovery codes and ends its sessions; the password alone signs in.',
		async run(args, database) {
			const flags = parseFlags(args, ['email']);
			if (!flags.email) throw new UsageError('staff:reset-totp needs --email');
			const { db } = await database();
			const user = await staffUsers.findByEmail(db, flags.email);
			if (!user) {
				console.error(`No staff account has the email ${flags.email.trim()}.`);
				return 1;
			}
			// Audited with the command line as the actor: no staff member did it in the app.
			const done = await totp.disable(db, user.id, { kind: 'cli' });
			console.log(
				done
					? `Turned off the second factor of ${user.email}; their sessions have ended.`
					: `${user.email} had no second factor; nothing changed.`
			);
			return 0;
		}
	},
	'demo:seed': {
		usage: 'demo:seed',
		summary: 'Add the demo events (once; dates relative to today).',
		async run(args, database) {
			if (args.length > 0) throw new UsageError(`demo:seed takes no arguments`);
			const { db } = await database();
			const result = await seedDemo(db);
			console.log(
				result.seeded
					? `Seeded ${result.events} demo events and ${result.registrations} registrations.`
					: 'The demo data was seeded before; nothing changed.'
			);
			return 0;
		}
	},
	backup: {
		usage: 'backup --out FILE [--encrypt]',
		summary:
			'Write a compressed, consistent snapshot of all data to FILE. --encrypt: with the ' +
			`passphrase from ${PASSPHRASE_VARIABLE} or the first line of stdin.`,
		async run(args, database) {
			const { values } = parseOptions(
				args,
				{ out: { type: 'string' }, encrypt: { type: 'boolean' } },
				0
			);
			if (!values.out) throw new UsageError('backup needs --out FILE');
			const passphrase = values.encrypt ? await readPassphrase() : undefined;
			if (passphrase !== undefined && passphrase.length < MIN_PASSPHRASE_LENGTH) {
				console.error(`The passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`);
				return 1;
			}
			const { db } = await database();
			let result;
			try {
				result = await backups.createBackup(db, values.out, { passphrase, actor: { kind: 'cli' } });
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				if (!code || !['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EROFS'].includes(code))
					throw error;
				console.error(`Cannot write ${values.out}: ${(error as Error).message}`);
				return 1;
			}
			printCounts(result.tables);
			const kilobytes = Math.ceil(statSync(values.out).size / 1024);
			console.log(
				`Wrote ${values.out}: ${result.tables.length} tables, ${sum(result.tables)} rows, ` +
					`${kilobytes} KiB${passphrase ? ', encrypted' : ''}.`
			);
			return 0;
		}
	},
	'retention:run': {
		usage: 'retention:run [--dry-run]',
		summary:
			'Remove what is past its retention date (registrations anonymised unless the person is ' +
			'a contact). --dry-run: count it and change nothing.',
		async run(args, database) {
			const { values } = parseOptions(args, { 'dry-run': { type: 'boolean' } }, 0);
			const dryRun = values['dry-run'] ?? false;
			const { db } = await database();
			const outcome = await runRetention(db, { trigger: 'cli', dryRun });
			if (!outcome.ran) {
				console.error('Another retention run holds the lock; try again in a moment.');
				return 1;
			}
			for (const [name, count] of Object.entries(outcome.counts)) {
				console.log(`  ${name.padEnd(26)} ${count}`);
			}
			console.log(dryRun ? 'Dry run: nothing was changed.' : 'Retention run complete.');
			return 0;
		}
	},
	'jobs:run': {
		usage: 'jobs:run',
		summary:
			'Run every scheduled job once now (retention, reminders, waiting-list offer expiry) and ' +
			'print what each did. Exit 1 when a job failed.',
		async run(args, database) {
			parseOptions(args, {}, 0);
			const { db } = await database();
			const reports = await runAllJobs(db, { trigger: 'cli' });
			for (const report of reports) {
				console.log(
					`  ${report.job.padEnd(12)} ${report.ok ? report.summary : `FAILED: ${report.error}`}`
				);
			}
			return reports.every((report) => report.ok) ? 0 : 1;
		}
	},
	restore: {
		checksSecretKey: false,
		usage: 'restore FILE [--force]',
		summary:
			'Load a backup into an empty database, in one transaction (--force: replace all data ' +
			'but the erasure journal). An encrypted file takes its passphrase like backup.',
		async run(args, database) {
			const { values, positionals } = parseOptions(args, { force: { type: 'boolean' } }, 1);
			const file = positionals[0];
			if (!file) throw new UsageError('restore needs the backup FILE');
			if (!existsSync(file)) {
				console.error(`No such file: ${file}`);
				return 1;
			}
			const passphrase = (await backups.isEncryptedFile(file)) ? await readPassphrase() : undefined;
			const { db } = await database();
			let reapplied = 0;
			const result = await backups.restoreBackup(db, file, {
				force: values.force ?? false,
				passphrase,
				actor: { kind: 'cli' },
				secretKey: resolveSecretKey(config()),
				// People erased after the backup was taken are erased again before the restore commits.
				afterRestore: async (tx) => {
					reapplied = (await reapplyErasureJournal(tx)).entries;
				}
			});
			printCounts(result.tables);
			for (const t of result.kept.filter((k) => k.rows > 0))
				console.log(`Kept ${t.rows} rows of ${t.table} from this database.`);
			if (reapplied > 0) console.log(`Erased again: ${reapplied} entries of the erasure journal.`);
			if (result.ignored.length > 0) {
				console.log(`Not in this schema, so not restored: ${result.ignored.join(', ')}.`);
			}
			console.log(
				`Restored ${sum(result.tables)} rows in ${result.tables.length} tables from the backup ` +
					`of ${result.createdAt}.`
			);
			return 0;
		}
	}
};

function printHelp() {
	console.log('Usage: npm run ilmo -- <command> [options]\n');
	console.log('Commands:');
	for (const command of Object.values(commands)) {
		console.log(`  ${command.usage}\n      ${command.summary}`);
	}
	console.log('  --help\n      Show this help.');
	console.log('\nThe database is DATABASE_URL when set, else the embedded one in $ILMO_DATA_DIR.');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...args] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		printHelp();
		return name ? 0 : 2;
	}
	const command = commands[name];
	if (!command) {
		console.error(`Unknown command: ${name}\n`);
		printHelp();
		return 2;
	}
	let opened: Database | undefined;
	const database = async () => {
		if (opened) return opened;
		const { databaseUrl, dataDir } = config();
		opened = await openDatabase({ url: databaseUrl, dataDir, maxConnections: 2 });
		// As at the server's start: refuse another secret, encrypt TOTP keys still stored plain.
		if (command.checksSecretKey !== false) {
			await checkSecretKey(opened.db, config());
			// As at the server's start: live registrations from before tickets get one.
			await backfillTickets(opened.db);
		}
		return opened;
	};
	try {
		return await command.run(args, database);
	} catch (error) {
		if (error instanceof UsageError) {
			console.error(`${error.message}\nUsage: npm run ilmo -- ${command.usage}`);
			return 2;
		}
		if (
			error instanceof DirectoryLockedError ||
			error instanceof ConfigError ||
			error instanceof SecretKeyError ||
			error instanceof backups.BackupRefusedError
		) {
			console.error(error.message);
			return 1;
		}
		throw error;
	} finally {
		await opened?.close();
	}
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
