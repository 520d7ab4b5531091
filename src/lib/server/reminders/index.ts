export { sendDueReminders, REMINDER_BATCH, type ReminderRunOutcome } from './send';
export { addDefaultReminders, DEFAULT_REMINDER_HOURS } from './defaults';
