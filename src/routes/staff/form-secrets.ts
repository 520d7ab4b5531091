import type { SuperValidated } from 'sveltekit-superforms';

/**
 * Takes secrets (passwords, codes) out of a submitted form before it is answered, so they never
 * travel back to the browser, whatever the outcome. Returns them as they were sent.
 */
export function takeSecrets<T extends Record<string, unknown>, K extends keyof T & string>(
	form: SuperValidated<T>,
	...names: K[]
): Pick<T, K> {
	const taken = {} as Pick<T, K>;
	for (const name of names) {
		taken[name] = form.data[name];
		(form.data as Record<string, unknown>)[name] = '';
	}
	return taken;
}
