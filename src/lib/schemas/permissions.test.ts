import { describe, expect, it } from 'vitest';
import { permissionDecisionSchema } from './permissions';

/** The error keys by field, or the parsed data when valid. */
function check(input: Record<string, unknown>) {
	const result = permissionDecisionSchema.safeParse(input);
	if (result.success) return { data: result.data };
	const errors: Record<string, string[]> = {};
	for (const issue of result.error.issues)
		(errors[issue.path.join('.')] ??= []).push(issue.message);
	return { errors };
}

describe('the staff form for recording a marketing decision', () => {
	it('demands a channel, a decision and a note, with nothing chosen for them', () => {
		expect(check({ channel: '', decision: '', note: '' })).toEqual({
			errors: {
				channel: ['required'],
				decision: ['required'],
				note: ['permissionsNoteRequired']
			}
		});
	});

	it('takes a prohibition of all direct marketing, the note trimmed and basis defaulted', () => {
		expect(
			check({ channel: 'all', decision: 'prohibited', note: '  kielsi puhelimessa\u0001 ' })
		).toEqual({
			data: { channel: 'all', decision: 'prohibited', basis: 'consent', note: 'kielsi puhelimessa' }
		});
	});

	it('refuses a grant on every channel at once, and a work-role grant without a justification', () => {
		expect(check({ channel: 'all', decision: 'granted', basis: 'work_role', note: '   ' })).toEqual(
			{
				errors: {
					channel: ['permissionsChannelRequired'],
					note: ['permissionsJustificationRequired']
				}
			}
		);
	});

	it('refuses a channel or a basis that is not one of the choices, and an overlong note', () => {
		const { errors } = check({
			channel: 'fax',
			decision: 'granted',
			basis: 'friendship',
			note: 'x'.repeat(1001)
		});
		expect(Object.keys(errors ?? {}).sort()).toEqual(['basis', 'channel', 'note']);
		expect(errors?.note).toEqual(['tooLong']);
	});
});
