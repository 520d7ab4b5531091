import { z } from 'zod';
import { multiLine } from './text';

z.config({ jitless: true });

/**
 * Error keys the permission pages translate (src/lib/components/staff-errors.ts). The ledger checks
 * the same rules again (permissions/ledger.ts) and adds the one this form cannot know: whether a
 * prohibition stands.
 */
export type PermissionErrorKey =
	| 'required'
	| 'tooLong'
	| 'permissionsNoteRequired'
	| 'permissionsJustificationRequired'
	| 'permissionsChannelRequired'
	| 'permissionsProhibited';

/** 'all' is every direct-marketing channel at once: for withdrawals and prohibitions only. */
export const DECISION_CHANNELS = ['email', 'sms', 'phone', 'post', 'all'] as const;
export const DECISIONS = ['granted', 'withdrawn', 'prohibited'] as const;
export const DECISION_BASES = ['consent', 'work_role'] as const;

/**
 * Staff record a decision a person made outside the app (on the phone, at the event, on paper).
 * Nothing is preselected for the channel or the decision, so each is chosen on purpose; a form sent
 * without one is refused (a plain enum would be given its first value by superforms).
 */
export const permissionDecisionSchema = z
	.object({
		channel: z
			.enum(['', ...DECISION_CHANNELS], 'required')
			.refine((value) => value !== '', 'required'),
		decision: z.enum(['', ...DECISIONS], 'required').refine((value) => value !== '', 'required'),
		// Only read for a grant; the form shows it only then (with JavaScript).
		basis: z.enum(DECISION_BASES, 'required').default('consent'),
		note: z.string().overwrite(multiLine).trim().max(1000, 'tooLong')
	})
	.superRefine((data, ctx) => {
		const problem = (path: 'channel' | 'note', message: PermissionErrorKey) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		const granted = data.decision === 'granted';
		// Consent is specific (Art. 7): given channel by channel, never for everything at once.
		if (granted && data.channel === 'all') problem('channel', 'permissionsChannelRequired');
		if (data.note === '') {
			// 917/2014 §200: a work address may be written to without consent only about the work.
			problem(
				'note',
				granted && data.basis === 'work_role'
					? 'permissionsJustificationRequired'
					: 'permissionsNoteRequired'
			);
		}
	});

export type PermissionDecisionSchema = typeof permissionDecisionSchema;
export type PermissionDecisionData = z.infer<typeof permissionDecisionSchema>;
