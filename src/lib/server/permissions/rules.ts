import type {
	MarketingBasis,
	MarketingChannel,
	MarketingDecision,
	MarketingSource
} from '../db/schema';

/** The channels a state is derived for; 'all' is not one of them but counts for each. */
export const CHANNELS = ['email', 'sms', 'phone', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What the rules need of a ledger row (a `marketing_permission` row has all of it). */
export interface LedgerEntry {
	/** Breaks ties between rows recorded at the very same instant with the same decision. */
	id?: string;
	channel: MarketingChannel;
	decision: MarketingDecision;
	basis: MarketingBasis | null;
	source: MarketingSource;
	note: string | null;
	recordedByPerson: boolean;
	recordedAt: Date;
}

export type StateDecision = MarketingDecision | 'not_asked';

export interface ChannelState {
	decision: StateDecision;
	basis: MarketingBasis | null;
	/** When the decision in force was recorded; null when never asked. */
	since: Date | null;
	source: MarketingSource | null;
	mayMarket: boolean;
}

export type DerivedState = Record<Channel, ChannelState>;

// At the same instant the more protective decision is taken as the later one, so the result does
// not depend on the order rows arrive in, and a tie never lets marketing through.
const WEIGHT: Record<MarketingDecision, number> = { granted: 0, withdrawn: 1, prohibited: 2 };

export function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
	return (
		a.recordedAt.getTime() - b.recordedAt.getTime() ||
		WEIGHT[a.decision] - WEIGHT[b.decision] ||
		(a.id ?? '').localeCompare(b.id ?? '')
	);
}

/** Email and SMS need prior consent (917/2014 §200); phone and post are opt-out. */
export function needsConsent(channel: Channel): boolean {
	return channel === 'email' || channel === 'sms';
}

function justified(entry: LedgerEntry): boolean {
	return entry.basis === 'consent' || (entry.basis === 'work_role' && Boolean(entry.note?.trim()));
}

/**
 * The decision in force on one channel. Latest wins, with one exception: a prohibition (on the
 * channel or on 'all') is an objection (Art. 21) and stays in force through later withdrawals and
 * through later grants recorded by anyone else. Only a later grant on this very channel recorded
 * by the person themselves lifts it, i.e. their own click on a consent link: their own explicit,
 * channel-specific act is the one thing that can supersede their own objection. A staff entry
 * ("said yes on the phone") or an 'all' grant cannot, so an objection is never undone by a
 * misunderstanding or a bulk import. A withdrawal after a prohibition does not lift it either:
 * it is the weaker refusal, and would otherwise reopen phone and post marketing.
 */
export function effectiveEntry(entries: LedgerEntry[], channel: Channel): LedgerEntry | null {
	const relevant = entries
		.filter((entry) => entry.channel === channel || entry.channel === 'all')
		.sort(compareEntries);
	let effective: LedgerEntry | null = null;
	let blocked = false;
	for (const entry of relevant) {
		if (entry.decision === 'prohibited') {
			effective = entry;
			blocked = true;
		} else if (!blocked) {
			effective = entry;
		} else if (
			entry.decision === 'granted' &&
			entry.channel === channel &&
			entry.recordedByPerson
		) {
			effective = entry;
			blocked = false;
		}
	}
	return effective;
}

export function channelState(entries: LedgerEntry[], channel: Channel): ChannelState {
	const entry = effectiveEntry(entries, channel);
	if (!entry) {
		return {
			decision: 'not_asked',
			basis: null,
			since: null,
			source: null,
			mayMarket: !needsConsent(channel)
		};
	}
	const mayMarket = needsConsent(channel)
		? entry.decision === 'granted' && justified(entry)
		: entry.decision !== 'prohibited';
	return {
		decision: entry.decision,
		basis: entry.decision === 'granted' ? entry.basis : null,
		since: entry.recordedAt,
		source: entry.source,
		mayMarket
	};
}

/** The current state of every channel from all ledger rows of one person (under any of their keys). */
export function deriveState(entries: LedgerEntry[]): DerivedState {
	return {
		email: channelState(entries, 'email'),
		sms: channelState(entries, 'sms'),
		phone: channelState(entries, 'phone'),
		post: channelState(entries, 'post')
	};
}

/** Whether any channel is prohibited now (the staff page's "prohibited" filter). */
export function anyProhibited(state: DerivedState): boolean {
	return CHANNELS.some((channel) => state[channel].decision === 'prohibited');
}
