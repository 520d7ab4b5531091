/**
 * What the phases of `npm run bench` (tests/bench/phases/) share with the entry, tests/bench/run.ts:
 * the servers under test, the settings from the command line, and the collectors of the report.
 */
import type { Database } from '../../src/lib/server/db';
import type { Row } from './report';
import type { Server } from './support';

export interface Target {
	kind: 'app' | 'baseline';
	db: Database;
	databaseUrl: string;
	port: number;
	origin: string;
	server?: Server;
	/** Extra `node` arguments, e.g. `--import` of the hook that loads the published-driver copy. */
	nodeArgs?: string[];
	/** The staff session cookie header for this server. */
	cookie: string;
	events: { page: string; list: string; exports: Record<number, string> };
}

/**
 * The app on the embedded database (PGlite: no DATABASE_URL, one process per data directory), so
 * the bench holds no handle on it while the server runs: its events are made before the start, and
 * its stored rows are checked after the stop (phases/embedded.ts).
 */
export interface EmbeddedTarget {
	port: number;
	origin: string;
	dataDir: string;
	server?: Server;
	events: { page: string; hot: { id: string; slug: string }[] };
	/** Sign-up runs to check once the server is stopped: the event and its 303s. */
	signups: { eventId: string; redirects: number }[];
}

/** The figures' settings, from the flags (see tests/bench/run.ts). */
export interface Settings {
	quick: boolean;
	runs: number;
	durationS: number;
	sustainedS: number;
	sliceS: number;
	connections: number;
	staffS: number;
	listRows: number;
	exportSizes: number[];
	/** Seconds the whole run may wait, in all, for other load on the machine to pass. */
	quietBudget: { ms: number };
	/** A run during which others used more than this share of a core is repeated (twice at most). */
	maxOtherCpu: number;
}

export interface Context {
	settings: Settings;
	projectDir: string;
	workDir: string;
	/** The PostgreSQL server's postmaster, whose CPU time each run measures. */
	postmaster: number | undefined;
	/** Tags the sign-up e-mail addresses of this run. */
	runTag: string;
	/** Sequence numbers: sign-up bodies, hot events. */
	counters: { signups: number; hotEvents: number };
	log: (message: string) => void;
	/** Records a failed check (the run then exits 1) unless `ok`. */
	check: (ok: boolean, message: string) => void;
	/** The rows of the results table and the per-run details below it. */
	rows: Row[];
	details: string[];
	/** The environment without anything of ours the caller's shell may have set. */
	cleanEnv: () => NodeJS.ProcessEnv;
	/** Starts the target's server; ms from spawn to the first page. */
	start: (target: Target) => Promise<number>;
	startEmbedded: (target: EmbeddedTarget) => Promise<number>;
	restart: (target: Target) => Promise<void>;
	/** Signs in through the real form and stores the session cookie on the target. */
	signIn: (target: Target) => Promise<void>;
}
