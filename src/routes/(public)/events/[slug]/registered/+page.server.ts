import { loadRegisteredPage } from '$lib/server/pages/registered-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => loadRegisteredPage(params.slug);
