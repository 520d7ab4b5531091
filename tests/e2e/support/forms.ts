import type { APIRequestContext, APIResponse } from '@playwright/test';
import { localePath, type Locale } from './data';

/** Form fields in the order they are sent; a name may repeat, as a crafted body may do. */
export type FormFields = Record<string, string> | [string, string][];

export interface PostOptions {
	locale?: Locale;
	/** Replaces the test's own client address (fixtures.ts) for the rate limit. */
	clientAddress?: string;
	/** Sent as the Origin header; the app's own unless a test plays another site. */
	origin?: string;
	/** More headers, or replacements: a content type, an Accept. */
	headers?: Record<string, string>;
}

/** `application/x-www-form-urlencoded`, exactly as a browser encodes a form. */
export function encodeForm(fields: FormFields): string {
	const entries = Array.isArray(fields) ? fields : Object.entries(fields);
	return new URLSearchParams(entries).toString();
}

/**
 * A raw POST as a browser without JavaScript makes it: its own origin, HTML preferred (with the
 * `*\/*` Playwright sends by default SvelteKit would answer with its JSON action protocol instead),
 * and no redirect followed, so the test sees the 303 itself.
 */
export async function postRaw(
	request: APIRequestContext,
	baseURL: string,
	path: string,
	body: string | Buffer,
	options: PostOptions & { contentType?: string } = {}
): Promise<APIResponse> {
	const headers: Record<string, string> = {
		origin: options.origin ?? new URL(baseURL).origin,
		accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
		...(options.contentType ? { 'content-type': options.contentType } : {}),
		...(options.clientAddress ? { 'x-forwarded-for': options.clientAddress } : {}),
		...options.headers
	};
	return request.post(path, { data: body, headers, maxRedirects: 0 });
}

/** Posts `fields` to an event's sign-up form, as its page would. */
export async function postSignup(
	request: APIRequestContext,
	baseURL: string,
	slug: string,
	fields: FormFields,
	options: PostOptions = {}
): Promise<APIResponse> {
	return postRaw(
		request,
		baseURL,
		localePath(options.locale ?? 'fi', `/events/${slug}`),
		encodeForm(fields),
		{ contentType: 'application/x-www-form-urlencoded', ...options }
	);
}
