import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { isAuditAction, type AuditAction } from './actions';

type Label = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

/**
 * The readable name of every action, in both languages. A Record over the closed list, so a new
 * action does not compile until it has one; labels.test.ts checks that each exists in both
 * message files. Finnish in the passive ("Tapahtuma julkaistu"), English in the past tense
 * ("Published an event"): the actor stands in a column of its own.
 */
const LABELS: Record<AuditAction, Label> = {
	'staff.signed_in': m.audit_action_staff_signed_in,
	'staff.sign_in_failed': m.audit_action_staff_sign_in_failed,
	'staff.sign_in_throttled': m.audit_action_staff_sign_in_throttled,
	'staff.signed_out': m.audit_action_staff_signed_out,
	'staff.second_factor_passed': m.audit_action_staff_second_factor_passed,
	'staff.second_factor_failed': m.audit_action_staff_second_factor_failed,
	'staff.recovery_code_used': m.audit_action_staff_recovery_code_used,
	'staff.reauthentication_failed': m.audit_action_staff_reauthentication_failed,
	'staff_user.created': m.audit_action_staff_user_created,
	'staff_user.role_changed': m.audit_action_staff_user_role_changed,
	'staff_user.disabled': m.audit_action_staff_user_disabled,
	'staff_user.enabled': m.audit_action_staff_user_enabled,
	'staff_user.password_changed': m.audit_action_staff_user_password_changed,
	'staff_user.password_reset': m.audit_action_staff_user_password_reset,
	'staff_user.totp_enabled': m.audit_action_staff_user_totp_enabled,
	'staff_user.totp_disabled': m.audit_action_staff_user_totp_disabled,
	'staff_setting.changed': m.audit_action_staff_setting_changed,
	'event.created': m.audit_action_event_created,
	'event.updated': m.audit_action_event_updated,
	'event.capacity_changed': m.audit_action_event_capacity_changed,
	'event.published': m.audit_action_event_published,
	'event.unpublished': m.audit_action_event_unpublished,
	'event.cancelled': m.audit_action_event_cancelled,
	'attendees.viewed': m.audit_action_attendees_viewed,
	'attendees.exported': m.audit_action_attendees_exported,
	'attendees.printed': m.audit_action_attendees_printed,
	'registration.checked_in': m.audit_action_registration_checked_in,
	'registration.check_in_undone': m.audit_action_registration_check_in_undone,
	'registration.added_by_staff': m.audit_action_registration_added_by_staff,
	'registration.updated_by_staff': m.audit_action_registration_updated_by_staff,
	'registration.cancelled_by_staff': m.audit_action_registration_cancelled_by_staff,
	'registration.moved_up': m.audit_action_registration_moved_up,
	'registration.promoted_by_staff': m.audit_action_registration_promoted_by_staff,
	'registrant.viewed_for_linking': m.audit_action_registrant_viewed_for_linking,
	'registrant.dismissed': m.audit_action_registrant_dismissed,
	'registrant.undismissed': m.audit_action_registrant_undismissed,
	'organisations.listed': m.audit_action_organisations_listed,
	'organisation.viewed': m.audit_action_organisation_viewed,
	'organisation.created': m.audit_action_organisation_created,
	'organisation.updated': m.audit_action_organisation_updated,
	'organisation.archived': m.audit_action_organisation_archived,
	'organisation.restored': m.audit_action_organisation_restored,
	'contacts.listed': m.audit_action_contacts_listed,
	'contacts.unlinked_listed': m.audit_action_contacts_unlinked_listed,
	'contacts.exported': m.audit_action_contacts_exported,
	'contacts.imported': m.audit_action_contacts_imported,
	'contact.viewed': m.audit_action_contact_viewed,
	'contact.created': m.audit_action_contact_created,
	'contact.created_from_registration': m.audit_action_contact_created_from_registration,
	'contact.updated': m.audit_action_contact_updated,
	'contact.archived': m.audit_action_contact_archived,
	'contact.restored': m.audit_action_contact_restored,
	'contact.linked': m.audit_action_contact_linked,
	'contact.unlinked': m.audit_action_contact_unlinked,
	'contact.merged': m.audit_action_contact_merged,
	'contact.notice_sent': m.audit_action_contact_notice_sent,
	'marketing.consent_requested': m.audit_action_marketing_consent_requested,
	'marketing.decision_recorded': m.audit_action_marketing_decision_recorded,
	'marketing.suppression_applied': m.audit_action_marketing_suppression_applied,
	'permissions.listed': m.audit_action_permissions_listed,
	'permissions.viewed': m.audit_action_permissions_viewed,
	'permissions.exported': m.audit_action_permissions_exported,
	'request.created': m.audit_action_request_created,
	'request.viewed': m.audit_action_request_viewed,
	'request.verification_sent': m.audit_action_request_verification_sent,
	'request.verified': m.audit_action_request_verified,
	'request.extended': m.audit_action_request_extended,
	'request.objection_recorded': m.audit_action_request_objection_recorded,
	'request.report_viewed': m.audit_action_request_report_viewed,
	'request.report_exported': m.audit_action_request_report_exported,
	'request.report_sent': m.audit_action_request_report_sent,
	'request.completed': m.audit_action_request_completed,
	'request.rejected': m.audit_action_request_rejected,
	'person.erased': m.audit_action_person_erased,
	'erasure.reapplied': m.audit_action_erasure_reapplied,
	'retention.previewed': m.audit_action_retention_previewed,
	'retention.ran': m.audit_action_retention_ran,
	'retention.failed': m.audit_action_retention_failed,
	'backup.created': m.audit_action_backup_created,
	'backup.restored': m.audit_action_backup_restored,
	'backup.test_filled': m.audit_action_backup_test_filled,
	'audit.viewed': m.audit_action_audit_viewed,
	'audit.exported': m.audit_action_audit_exported
};

/** The label of a stored action, or null for a name this version no longer writes. */
export function actionLabel(action: string, locale?: Locale): string | null {
	return isAuditAction(action) ? LABELS[action]({}, { locale }) : null;
}
