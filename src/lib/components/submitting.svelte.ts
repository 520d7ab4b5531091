import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A public form's busy state for `use:enhance`: `busy` is true from the submit until SvelteKit has
 * applied the answer, so a button can be disabled meanwhile and a second tap does not post twice
 * (a confirmation link or a request sends mail).
 *
 * ```svelte
 * const sending = trackSubmit();
 * <form method="POST" use:enhance={sending.enhance}>
 * 	<button type="submit" disabled={sending.busy}>…</button>
 * </form>
 * ```
 */
export function trackSubmit() {
	let busy = $state(false);
	const enhance: SubmitFunction = () => {
		busy = true;
		return async ({ update }) => {
			await update();
			busy = false;
		};
	};
	return {
		get busy() {
			return busy;
		},
		enhance
	};
}
