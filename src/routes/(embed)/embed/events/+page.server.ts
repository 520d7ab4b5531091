import { loadEventList } from '$lib/server/pages/event-list';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => loadEventList();
