export {
	DUE_MONTHS,
	MAX_EXTENSION_MONTHS,
	OPEN_STATUSES,
	addMonths,
	dueFor,
	effectiveDue,
	isOpen,
	isOverdue,
	latestExtension
} from './dates';
export {
	closeRequest,
	countOverdue,
	createRequest,
	extendRequest,
	getRequest,
	listRequests,
	type CloseResult,
	type CreateRequestInput,
	type CreateRequestResult,
	type ExtendResult,
	type RequestFilter,
	type RequestRow,
	type StaffActor
} from './queue';
export { emailOnRecord, findPersonData, holdsAnything, type PersonData } from './find';
export { findSubjects, type PersonQuery, type Subjects } from '../person/subjects';
export {
	VERIFICATION_VALID_DAYS,
	confirmVerification,
	openVerification,
	recordIdentityCheck,
	sendVerification,
	type ConfirmResult,
	type IdentityCheckResult,
	type SendVerificationResult,
	type VerificationState,
	type VerificationView
} from './verify';
export {
	accessReport,
	buildAccessReport,
	sendAccessReport,
	type AccessReport,
	type ReportContext,
	type SendReportResult
} from './report';
export { reportText } from './report-text';
export {
	erasePerson,
	previewErasure,
	type EraseOptions,
	type EraseResult,
	type ErasurePreview
} from './erase';
export { ERASED_FIRST_NAME, ERASED_LAST_NAME } from '../registrations/anonymise';
export { reapplyErasureJournal, type ReapplySummary } from './journal';
export {
	SUPPRESSION_NOTE,
	applySuppression,
	applySuppressionToContacts,
	isSuppressed,
	suppressionHmac
} from '../suppression';
export {
	MANAGE_REQUEST_KINDS,
	startFromManage,
	type ManageRequestKind,
	type ManageRequestResult
} from './manage';
export { recordObjection, type ObjectionResult } from './objection';
export { openRequest, readAccessReport, type RequestView } from './view';
export { seedDemoRequests } from './demo';
