export {
	createDraft,
	updateDraft,
	findMessage,
	listMessages,
	type MessageFields,
	type MessageListRow,
	type UpdateDraftResult
} from './drafts';
export { previewMessage, type Preview, type PreviewGroup } from './preview';
export { sendMessage, SEND_BATCH, type SendInput, type SendOptions, type SendResult } from './send';
export { textFor } from './texts';
