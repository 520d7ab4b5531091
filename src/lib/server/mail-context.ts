import { config } from './config';
import type { MailContext } from './registrations';

/** Links in email point at ORIGIN when configured (behind a proxy), else at the request's origin. */
export function mailContext(url: URL): MailContext {
	const { origin, controller } = config();
	return {
		origin: origin ?? url.origin,
		organizer: { name: controller.name, email: controller.email }
	};
}
