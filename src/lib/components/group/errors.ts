import { m } from '$lib/paraglide/messages';
import { MAX_GROUP_SIZE, type GroupErrorKey } from '$lib/schemas/group-signup';
import { fieldErrorText } from '../errors';

const texts: Record<GroupErrorKey, () => string> = {
	duplicateEmail: m.error_duplicate_email,
	chooseOne: m.error_choose_one,
	groupTooLarge: () => m.group_too_many({ max: MAX_GROUP_SIZE }),
	rowsMismatch: m.error_unexpected
};

/** A group form's error key in the visitor's language: the group's own, else a field's. */
export function groupErrorText(key: string): string {
	return key in texts ? texts[key as GroupErrorKey]() : fieldErrorText(key);
}

/** Whether a superforms error tree (arrays of primitives nest by index) holds any message. */
export function hasAnyError(value: unknown): boolean {
	if (Array.isArray(value)) return value.length > 0;
	if (value && typeof value === 'object') return Object.values(value).some(hasAnyError);
	return false;
}
