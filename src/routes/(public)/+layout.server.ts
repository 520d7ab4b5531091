import { config } from '$lib/server/config';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const { name, address } = config().controller;
	return { controller: { name, address } };
};
