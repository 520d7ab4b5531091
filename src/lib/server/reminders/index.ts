export { sendDueReminders, REMINDER_BATCH, type ReminderRunOutcome } from './send';
export { addDefaultReminders, DEFAULT_REMINDER_HOURS } from './defaults';
export {
	listReminders,
	addReminder,
	changeReminder,
	deleteReminder,
	saveAfterEventMessage,
	setRegistrationReminders,
	type ReminderView,
	type ReminderRefusal
} from './manage';
