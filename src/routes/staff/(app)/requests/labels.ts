import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { EVENT_TIME_ZONE } from '$lib/datetime';

/** The requests pages' words for the values they show, in the reader's language. */
export const kindText: Record<string, () => string> = {
	access: m.requests_kind_access,
	rectification: m.requests_kind_rectification,
	erasure: m.requests_kind_erasure,
	objection: m.requests_kind_objection
};

export const channelText: Record<string, () => string> = {
	email: m.requests_channel_email,
	phone: m.requests_channel_phone,
	letter: m.requests_channel_letter,
	in_person: m.requests_channel_in_person,
	manage_page: m.requests_channel_manage_page,
	other: m.requests_channel_other
};

export const statusText: Record<string, () => string> = {
	received: m.requests_status_received,
	verifying: m.requests_status_verifying,
	verified: m.requests_status_verified,
	completed: m.requests_status_completed,
	rejected: m.requests_status_rejected
};

export const methodText: Record<string, () => string> = {
	email_link: m.requests_method_email_link,
	manage_link: m.requests_method_manage_link,
	staff_check: m.requests_method_staff_check
};

export const decisionText: Record<string, () => string> = {
	granted: m.requests_decision_granted,
	withdrawn: m.requests_decision_withdrawn,
	prohibited: m.requests_decision_prohibited,
	not_asked: m.requests_decision_not_asked
};

export const registrationStatusText: Record<string, () => string> = {
	confirmed: m.contacts_status_confirmed,
	waitlisted: m.contacts_status_waitlisted,
	cancelled: m.contacts_status_cancelled
};

export const checkInOutcomeText: Record<string, () => string> = {
	accepted: m.requests_check_in_accepted,
	duplicate: m.requests_check_in_duplicate,
	refused: m.requests_check_in_refused
};

export const checkInSourceText: Record<string, () => string> = {
	search: m.requests_check_in_search,
	scan: m.requests_check_in_scan,
	offline: m.requests_check_in_offline
};

export const contactSourceText: Record<string, () => string> = {
	import: m.contacts_source_import,
	registration: m.contacts_source_registration,
	manual: m.contacts_source_manual
};

export const basisText: Record<string, () => string> = {
	customer_relationship: m.link_basis_customer_relationship,
	legitimate_interest: m.link_basis_legitimate_interest,
	consent: m.link_basis_consent
};

export const marketingChannelText: Record<string, () => string> = {
	email: m.permissions_channel_email,
	sms: m.permissions_channel_sms,
	phone: m.permissions_channel_phone,
	post: m.permissions_channel_post,
	all: m.requests_marketing_all
};

export const contactStateText: Record<string, () => string> = {
	active: m.requests_contact_active,
	archived: m.requests_contact_archived,
	merged: m.requests_contact_merged
};

export const actorText: Record<string, () => string> = {
	staff: m.requests_actor_staff,
	anonymous: m.audit_actor_anonymous,
	registrant: m.audit_actor_registrant,
	system: m.audit_actor_system,
	cli: m.audit_actor_cli
};

/** A value's words, or the value itself when there are none (a value added later). */
export function label(map: Record<string, () => string>, key: string): string {
	return (map[key] ?? (() => key))();
}

/** Form-level errors of the requests forms (field errors use the shared staff keys). */
const formErrors: Record<string, () => string> = {
	requestsContactRequired: m.requests_error_contact_required,
	requestsDateInvalid: m.requests_error_date_invalid,
	requestsReceivedFuture: m.requests_error_received_future,
	requestsThrottled: m.requests_error_throttled
};

export function formErrorText(key: string): string {
	return (formErrors[key] ?? m.error_unexpected)();
}

/** A day in Finnish time, e.g. "25. marraskuuta 2026" / "25 November 2026". */
export function day(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'fi' ? 'fi-FI' : 'en-GB', {
		timeZone: EVENT_TIME_ZONE,
		dateStyle: 'long'
	}).format(new Date(iso));
}

/** A moment in Finnish time, short. */
export function moment(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'fi' ? 'fi-FI' : 'en-GB', {
		timeZone: EVENT_TIME_ZONE,
		dateStyle: 'medium',
		timeStyle: 'short'
	}).format(new Date(iso));
}
