export type { StaffActor } from './audit';
export {
	listAttendees,
	attendeeCursorKinds,
	countAttendees,
	listForPrint,
	findRegistrant,
	openRegistrant,
	isId,
	STATUS_FILTERS,
	SORTS,
	DEFAULT_PAGE_SIZE,
	type AttendeeQuery,
	type AttendeeRow,
	type AttendeePage,
	type AttendeeCounts,
	type AttendeeSort,
	type StatusFilter
} from './list';
export {
	addRegistrant,
	updateRegistrant,
	cancelRegistrant,
	type AddInput,
	type AddResult,
	type UpdateResult,
	type CancelResult
} from './registrants';
export { moveUp, promote, type MoveUpResult, type PromoteResult } from './waitlist';
export {
	openDoor,
	searchAtDoor,
	checkIn,
	undoCheckIn,
	type DoorAccess,
	type DoorMatch,
	type CheckInResult
} from './checkin';
export { scanTicket, type DoorActor } from './scan';
export { doorList, arrivalsAtDoor, wipeAfterOf, type DoorArrival } from './door-list';
export { syncCheckIns, clampDeviceTime } from './door-sync';
export {
	exportAttendees,
	attendeeCsv,
	attendeeSheet,
	EXPORT_COLUMNS,
	type ExportColumn,
	type ExportLabels,
	type ExportOptions
} from './export';
export { DOOR_MIN_LETTERS } from './search';
export { moveRegistrant, type MoveResult } from './move';
