import { config } from '$lib/server/config';
import { db } from '$lib/server/db/database';
import { notFound } from '$lib/server/http';
import * as requests from '$lib/server/requests';

/** Who answers the report and where the site lives, as the report names them. */
export function reportOrigin(url: URL) {
	const { controller, origin } = config();
	return { controller, origin: origin ?? url.origin };
}

/** The access report of request `id`, printable (`html`) or machine-readable; 404 when none. */
export async function readReport(
	user: requests.StaffActor,
	id: string,
	format: 'html' | 'json',
	url: URL
) {
	const report = await requests.readAccessReport(await db(), user, id, format, reportOrigin(url));
	if (!report) notFound();
	return report;
}
