import { formatShortDate } from '$lib/datetime';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { actionLabel } from './labels';

type Message = (inputs?: Record<string, unknown>, options?: { locale?: Locale }) => string;

/**
 * Messages looked up by a name built from a detail's key and value: details are open-ended
 * (audit/index.ts), so a key or value without a message reads as it is stored rather than failing.
 */
const messages = m as unknown as Record<string, Message>;

/** The message of that name in the locale, or null when there is none. */
export function messageFor(key: string, locale: Locale, inputs: Record<string, unknown> = {}) {
	return Object.hasOwn(messages, key) ? messages[key]!(inputs, { locale }) : null;
}

/** `includeArchived` → `include_archived`: detail keys are camelCase, message keys snake_case. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What a record an id points at is called for this viewer (names.ts), or a neutral word. */
export type NameOf = (type: string, id: string) => string;

/** Detail keys holding the id of another record, and that record's type. */
const ID_DETAILS: Record<string, string> = {
	eventId: 'event',
	registrationId: 'registration',
	passedId: 'registration',
	promotedId: 'registration',
	duplicateId: 'contact',
	organisation: 'organisation',
	organisationId: 'organisation',
	actorId: 'staff_user',
	personId: 'person'
};

/** The record types details point at, so the page can name them in one query per type. */
export function detailRefs(details: Record<string, unknown> | null) {
	if (!details) return [];
	return Object.entries(details).flatMap(([key, value]) =>
		Object.hasOwn(ID_DETAILS, key) && typeof value === 'string'
			? [{ type: ID_DETAILS[key]!, id: value }]
			: []
	);
}

// The erasure journal's id means nothing to a reader; the export keeps it.
const HIDDEN = new Set(['journalId']);
const DATES = new Set(['from', 'to', 'until', 'backupCreatedAt']);
const SEPARATORS: Record<string, string> = { ';': 'semicolon', ',': 'comma' };

function dateText(key: string, value: string, action: string, locale: Locale): string {
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) return value;
	// An audit filter stores `to` as the start of the day after the last one asked for.
	if (key === 'to' && action.startsWith('audit.')) date.setTime(date.getTime() - 1);
	return formatShortDate(date, locale);
}

function valueText(key: string, value: unknown, action: string, locale: Locale): string {
	if (typeof value === 'boolean') {
		return messageFor(`audit_value_${value}`, locale) ?? String(value);
	}
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return JSON.stringify(value);
	if (DATES.has(key)) return dateText(key, value, action, locale);
	// An audit filter's action: its label, or a family prefix as "contact.*".
	if (key === 'action')
		return actionLabel(value, locale) ?? (value.endsWith('.') ? `${value}*` : value);
	const name = key === 'separator' ? (SEPARATORS[value] ?? value) : snake(value);
	return messageFor(`audit_value_${snake(key)}_${name}`, locale) ?? value;
}

function phrase(
	action: string,
	key: string,
	value: unknown,
	nameOf: NameOf,
	locale: Locale
): string | null {
	if (value === null || value === undefined || HIDDEN.has(key)) return null;
	const detail = `audit_detail_${snake(key)}`;
	if (typeof value === 'boolean') {
		const own = messageFor(`${detail}_${value}`, locale);
		if (own) return own;
	}
	const text =
		Object.hasOwn(ID_DETAILS, key) && typeof value === 'string'
			? nameOf(ID_DETAILS[key]!, value)
			: Array.isArray(value)
				? value.map((item) => valueText(key, item, action, locale)).join(', ')
				: valueText(key, value, action, locale);
	return messageFor(detail, locale, { value: text }) ?? `${key}: ${text}`;
}

/**
 * The details of one audit event as phrases: "page 1", "filter: all", "no search". Values are
 * translated where the key and value have a message; ids become the names `nameOf` allows.
 */
export function describeDetails(
	action: string,
	details: Record<string, unknown> | null,
	nameOf: NameOf,
	locale: Locale
): string[] {
	if (!details) return [];
	const entries = Object.entries(details);
	if (action === 'event.capacity_changed' && 'from' in details && 'to' in details) {
		const capacity = m.audit_detail_capacity(
			{ from: String(details.from), to: String(details.to) },
			{ locale }
		);
		return [
			capacity,
			...entries
				.filter(([key]) => key !== 'from' && key !== 'to')
				.flatMap(([key, value]) => phrase(action, key, value, nameOf, locale) ?? [])
		];
	}
	return entries.flatMap(([key, value]) => phrase(action, key, value, nameOf, locale) ?? []);
}

/**
 * One audit event as a sentence: its label, then its details. "Listed marketing permissions,
 * page 1, filter: all, no search". An action this version no longer writes keeps its stored name.
 */
export function describeEvent(
	action: string,
	details: Record<string, unknown> | null,
	nameOf: NameOf,
	locale: Locale
): string {
	const label = actionLabel(action, locale) ?? action;
	return [label, ...describeDetails(action, details, nameOf, locale)].join(', ');
}

const ACTOR_KINDS: Record<string, string> = {
	anonymous: 'audit_actor_anonymous',
	registrant: 'audit_actor_registrant',
	system: 'audit_actor_system',
	cli: 'audit_actor_cli'
};

/** Who acted: the staff user's name, else the kind of actor ("System"); an unknown kind as stored. */
export function actorText(row: { actorName: string | null; actorKind: string }, locale: Locale) {
	if (row.actorName) return row.actorName;
	const key = Object.hasOwn(ACTOR_KINDS, row.actorKind) ? ACTOR_KINDS[row.actorKind]! : null;
	return (key && messageFor(key, locale)) || row.actorKind;
}
