export { runRetention, listRuns, type RetentionCounts, type RetentionOutcome } from './run';
export { retentionCalendar, type RetentionCalendar, type EventRetention } from './calendar';
export { currentPolicy, DEFAULT_POLICY, type RetentionPolicy } from './policy';
