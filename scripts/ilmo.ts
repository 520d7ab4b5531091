/**
 * The Ilmo command line: `npm run ilmo -- <command>`. Exit codes: 0 done, 1 refused, 2 usage.
 * It shares the domain code with the app; on the embedded database it runs only while the app is
 * stopped (PGlite is one process per directory), on PostgreSQL alongside it.
 */
import { config, ConfigError } from '../src/lib/server/config';
import { openDatabase, type Database } from '../src/lib/server/db';
import { DirectoryLockedError } from '../src/lib/server/db/lock';
import { seedDemo } from '../src/lib/server/demo/seed';
import * as staffUsers from '../src/lib/server/auth/users';
import { MIN_PASSWORD_LENGTH } from '../src/lib/server/auth/password';
import { ROLES } from '../src/lib/server/auth/access';
import type { StaffRole } from '../src/lib/server/db/schema';

interface Command {
	usage: string;
	summary: string;
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

/** The first line of standard input: a password never goes on the command line or into history. */
async function readFirstLine(): Promise<string> {
	if (process.stdin.isTTY) process.stderr.write('Password: ');
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
		const { databaseUrl, dataDir } = config();
		opened ??= await openDatabase({ url: databaseUrl, dataDir, maxConnections: 2 });
		return opened;
	};
	try {
		return await command.run(args, database);
	} catch (error) {
		if (error instanceof UsageError) {
			console.error(`${error.message}\nUsage: npm run ilmo -- ${command.usage}`);
			return 2;
		}
		if (error instanceof DirectoryLockedError || error instanceof ConfigError) {
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
