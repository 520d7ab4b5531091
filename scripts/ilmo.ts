/**
 * The Ilmo command line: `npm run ilmo -- <command>`. Exit codes: 0 done, 1 refused, 2 usage.
 * It shares the domain code with the app; on the embedded database it runs only while the app is
 * stopped (PGlite is one process per directory), on PostgreSQL alongside it.
 */
import { config, ConfigError } from '../src/lib/server/config';
import { openDatabase, type Database } from '../src/lib/server/db';
import { DirectoryLockedError } from '../src/lib/server/db/lock';
import { seedDemo } from '../src/lib/server/demo/seed';

interface Command {
	usage: string;
	summary: string;
	run(args: string[], database: () => Promise<Database>): Promise<number>;
}

class UsageError extends Error {}

const commands: Record<string, Command> = {
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
		console.log(`  ${command.usage.padEnd(28)} ${command.summary}`);
	}
	console.log(`  ${'--help'.padEnd(28)} Show this help.`);
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
