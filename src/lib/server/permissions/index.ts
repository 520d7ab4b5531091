export {
	CHANNELS,
	anyProhibited,
	channelState,
	compareEntries,
	deriveState,
	effectiveEntry,
	needsConsent,
	type Channel,
	type ChannelState,
	type DerivedState,
	type LedgerEntry,
	type StateDecision
} from './rules';
export { WORDINGS, ensureWording, wordingFor, type WordingKey, type WordingText } from './wording';
export {
	entriesFor,
	historyOf,
	recordDecision,
	stateOf,
	type DecisionInput,
	type DecisionRefusal,
	type DecisionResult,
	type HistoryEntry,
	type RecordedBy
} from './ledger';
export {
	CONSENT_VALID_DAYS,
	confirmConsent,
	openConsentRequest,
	purgeExpiredConsentRequests,
	requestEmailConsent,
	type ConfirmResult,
	type ConsentRequestInput,
	type ConsentRequestView
} from './consent';
export {
	mintUnsubscribeToken,
	openUnsubscribe,
	prohibitAllByPerson,
	prohibitByPerson,
	recordByManage,
	withdrawByPerson,
	type UnsubscribeView
} from './unsubscribe';
export { listMayEmail, mayEmailSheet, type MayEmailLabels, type MayEmailRow } from './export';
export {
	STATE_FILTERS,
	listStates,
	type ListStatesInput,
	type PersonStateRow,
	type StateFilter
} from './list';
export { loadPeople, type PersonRecord } from './population';
export { findMayMarketByEmail } from './states';
