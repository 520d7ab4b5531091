import type { Db, Tx } from '../db';
import type { MarketingChannel } from '../db/schema';
import * as tokens from '../tokens';
import { recordDecision, stateOf, type DecisionResult } from './ledger';
import type { DerivedState } from './rules';

/**
 * A link for one marketing message: withdraw or object without signing in. No expiry, so a link in
 * an old newsletter still works (Art. 7(3): as easy to withdraw as to give); only its hash is kept.
 */
export function mintUnsubscribeToken(tx: Db | Tx, personId: string): Promise<string> {
	return tokens.mint(tx, { purpose: 'unsubscribe', personId });
}

export interface UnsubscribeView {
	/** The key the token was minted for; decisions made through it are recorded under it. */
	personId: string;
	state: DerivedState;
}

export async function openUnsubscribe(db: Db, token: string): Promise<UnsubscribeView | null> {
	const row = await tokens.find(db, token, 'unsubscribe');
	if (!row?.personId) return null;
	return { personId: row.personId, state: await stateOf(db, row.personId) };
}

async function byLink(
	db: Db,
	token: string,
	channel: MarketingChannel,
	decision: 'withdrawn' | 'prohibited'
): Promise<boolean> {
	const row = await tokens.find(db, token, 'unsubscribe');
	if (!row?.personId) return false;
	const result = await recordDecision(db, {
		personId: row.personId,
		channel,
		decision,
		source: 'link',
		recordedBy: { kind: 'person' }
	});
	return result.ok;
}

/**
 * Withdraws consent on a channel ('all': every channel). On phone and post, which need no consent,
 * a withdrawal ends a recorded permission but does not forbid: offer the prohibition there.
 * False when the token opens nothing.
 */
export function withdrawByPerson(db: Db, token: string, channel: MarketingChannel) {
	return byLink(db, token, channel, 'withdrawn');
}

/** Objects to direct marketing on one channel; nothing but the click is asked for. */
export function prohibitByPerson(db: Db, token: string, channel: MarketingChannel) {
	return byLink(db, token, channel, 'prohibited');
}

/** "No direct marketing at all": an Art. 21 objection covering every channel. */
export function prohibitAllByPerson(db: Db, token: string) {
	return byLink(db, token, 'all', 'prohibited');
}

/**
 * The manage page (already opened with the person's own manage token). Only withdrawing and
 * prohibiting: a grant there would skip double opt-in, so granting goes through
 * requestEmailConsent and its confirmation link.
 */
export async function recordByManage(
	db: Db | Tx,
	personId: string,
	channel: MarketingChannel,
	decision: 'withdrawn' | 'prohibited'
): Promise<DecisionResult> {
	// The type says it, but the value comes from a form: a grant must never slip in here.
	if (decision !== 'withdrawn' && decision !== 'prohibited') {
		throw new Error('the manage page can only withdraw or prohibit');
	}
	return recordDecision(db, {
		personId,
		channel,
		decision,
		source: 'manage',
		recordedBy: { kind: 'person' }
	});
}
