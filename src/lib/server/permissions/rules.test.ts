import { describe, expect, it } from 'vitest';
import type { MarketingChannel, MarketingDecision } from '../db/schema';
import {
	CHANNELS,
	deriveState,
	needsConsent,
	type Channel,
	type ChannelState,
	type LedgerEntry
} from './rules';
import { randomEntries, seededRandom, shuffle } from '$tests/permissions';

const T0 = Date.UTC(2026, 0, 1);

function entry(
	minute: number,
	channel: MarketingChannel,
	decision: MarketingDecision,
	extra: Partial<LedgerEntry> = {}
): LedgerEntry {
	return {
		channel,
		decision,
		basis: decision === 'granted' ? 'consent' : null,
		source: 'staff',
		note: 'asked by phone',
		recordedByPerson: false,
		recordedAt: new Date(T0 + minute * 60_000),
		...extra
	};
}

/**
 * A second, deliberately naive statement of the rules: the last prohibition holds unless the person
 * themselves later granted this very channel, after which the last row of all decides.
 */
function reference(entries: LedgerEntry[], channel: Channel): ChannelState {
	const relevant = entries
		.filter((e) => e.channel === channel || e.channel === 'all')
		.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
	const lastProhibition = relevant.map((e) => e.decision).lastIndexOf('prohibited');
	const lifted = relevant.some(
		(e, i) =>
			i > lastProhibition && e.decision === 'granted' && e.channel === channel && e.recordedByPerson
	);
	const effective =
		lastProhibition >= 0 && !lifted ? relevant[lastProhibition]! : (relevant.at(-1) ?? null);
	const granted =
		effective?.decision === 'granted' &&
		(effective.basis === 'consent' ||
			(effective.basis === 'work_role' && (effective.note ?? '').trim() !== ''));
	return {
		decision: effective?.decision ?? 'not_asked',
		basis: effective?.decision === 'granted' ? effective.basis : null,
		since: effective?.recordedAt ?? null,
		source: effective?.source ?? null,
		mayMarket: needsConsent(channel) ? granted : effective?.decision !== 'prohibited'
	};
}

describe('deriving the permission state', () => {
	it('treats no decision as not asked: no email or SMS, phone and post allowed', () => {
		const state = deriveState([]);
		expect(state.email).toEqual({
			decision: 'not_asked',
			basis: null,
			since: null,
			source: null,
			mayMarket: false
		});
		expect(state.sms.mayMarket).toBe(false);
		expect(state.phone.mayMarket).toBe(true);
		expect(state.post.mayMarket).toBe(true);
	});

	it('needs a justification for a work-role grant', () => {
		const bare = deriveState([entry(1, 'email', 'granted', { basis: 'work_role', note: ' ' })]);
		expect(bare.email).toMatchObject({ decision: 'granted', mayMarket: false });
		const justified = deriveState([
			entry(1, 'email', 'granted', { basis: 'work_role', note: 'fleet manager: truck offers' })
		]);
		expect(justified.email).toMatchObject({ basis: 'work_role', mayMarket: true });
	});

	it("applies 'all' to every channel at its time, and a later channel decision wins", () => {
		const state = deriveState([
			entry(1, 'email', 'granted'),
			entry(2, 'all', 'withdrawn'),
			entry(3, 'sms', 'granted')
		]);
		expect(state.email).toMatchObject({ decision: 'withdrawn', mayMarket: false });
		expect(state.sms).toMatchObject({ decision: 'granted', mayMarket: true });
		expect(state.phone).toMatchObject({ decision: 'withdrawn', mayMarket: true });
	});

	it('keeps a prohibition through later withdrawals and staff or import grants', () => {
		const state = deriveState([
			entry(1, 'all', 'prohibited', { recordedByPerson: true, source: 'link' }),
			entry(2, 'email', 'withdrawn'),
			entry(3, 'email', 'granted'),
			entry(4, 'phone', 'granted', { source: 'import' })
		]);
		for (const channel of CHANNELS) {
			expect(state[channel]).toMatchObject({ decision: 'prohibited', mayMarket: false });
			expect(state[channel].since).toEqual(new Date(T0 + 60_000));
		}
	});

	it('lifts a prohibition only on the channel the person themselves later granted', () => {
		const state = deriveState([
			entry(1, 'all', 'prohibited'),
			entry(2, 'email', 'granted', { recordedByPerson: true, source: 'link' })
		]);
		expect(state.email).toMatchObject({ decision: 'granted', source: 'link', mayMarket: true });
		expect(state.sms.decision).toBe('prohibited');
		expect(state.phone.mayMarket).toBe(false);
		expect(state.post.mayMarket).toBe(false);
	});

	it('takes the more protective decision when two are recorded at the same instant', () => {
		const rows = [
			entry(1, 'email', 'granted', { recordedByPerson: true }),
			entry(1, 'all', 'prohibited')
		];
		expect(deriveState(rows).email.decision).toBe('prohibited');
		expect(deriveState([...rows].reverse()).email.decision).toBe('prohibited');
	});

	describe('over 500 random sequences of decisions', () => {
		const random = seededRandom(20_261_124);
		const sequences = Array.from({ length: 500 }, () => randomEntries(random, T0));

		it('agrees with the reference model on every channel', () => {
			for (const entries of sequences) {
				const state = deriveState(entries);
				for (const channel of CHANNELS) expect(state[channel]).toEqual(reference(entries, channel));
			}
		});

		it('does not depend on the order the rows arrive in', () => {
			for (const entries of sequences) {
				expect(deriveState(shuffle(random, entries))).toEqual(deriveState(entries));
			}
		});

		it('never allows marketing on a channel whose decision in force is a prohibition', () => {
			for (const entries of sequences) {
				const state = deriveState(entries);
				for (const channel of CHANNELS) {
					if (state[channel].decision === 'prohibited')
						expect(state[channel].mayMarket).toBe(false);
					if (needsConsent(channel) && state[channel].mayMarket) {
						expect(state[channel].decision).toBe('granted');
					}
				}
			}
		});

		it('blocks every channel after a new prohibition on all, whoever records anything but their own grant next', () => {
			for (const entries of sequences) {
				const end = Math.max(T0, ...entries.map((e) => e.recordedAt.getTime()));
				const after = [
					...entries,
					{ ...entry(0, 'all', 'prohibited'), recordedAt: new Date(end + 1000) },
					{ ...entry(0, 'email', 'granted'), recordedAt: new Date(end + 2000) },
					{ ...entry(0, 'sms', 'withdrawn'), recordedAt: new Date(end + 3000) }
				];
				const state = deriveState(after);
				for (const channel of CHANNELS) expect(state[channel].mayMarket).toBe(false);
			}
		});
	});
});
