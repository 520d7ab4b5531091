import type { APIRequestContext } from '@playwright/test';
import { expect } from '@playwright/test';
import type { StaffRoute } from '../../support/staff-routes';

/**
 * Values for dynamic segments, taken from links the admin sees on the pages above the route:
 * `/staff/events/[id]/…` gets an event linked from the dashboard or the event list (the dashboard
 * lists today's door events first, so a door account may open that one's check-in). When a value
 * leads nowhere further (an event without registrants), the next candidate is tried. Shared by the
 * specs that walk every staff route (access matrix, layout), keyed by route pattern.
 */
export async function resolveStaffPaths(
	admin: APIRequestContext,
	routes: StaffRoute[]
): Promise<Map<string, string>> {
	const pages = new Map<string, string>();
	const html = async (path: string) => {
		if (!pages.has(path)) {
			const response = await admin.get(path);
			pages.set(path, response.ok() ? await response.text() : '');
		}
		return pages.get(path)!;
	};
	const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

	async function fill(segments: string[], index: number, path: string): Promise<string | null> {
		if (index === segments.length) return path;
		const segment = segments[index]!;
		if (!/^\[.+\]$/.test(segment)) return fill(segments, index + 1, `${path}/${segment}`);
		// Static siblings (events/new) are not values of the parameter.
		const statics = new Set(
			routes
				.map((other) => other.pattern.split('/').slice(1))
				.filter((other) => other.slice(0, index).join('/') === segments.slice(0, index).join('/'))
				.map((other) => other[index] ?? '')
				.filter((name) => name && !name.startsWith('['))
		);
		const link = new RegExp(`href="${escape(path)}/([^/"?#]+)`, 'g');
		const ancestors = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
		const values = new Set<string>();
		for (const page of ancestors.filter((p) => p.startsWith('/staff'))) {
			for (const match of (await html(page)).matchAll(link)) {
				const value = decodeURIComponent(match[1]!);
				if (!statics.has(value)) values.add(value);
			}
		}
		for (const value of [...values].slice(0, 10)) {
			const found = await fill(segments, index + 1, `${path}/${value}`);
			if (found) return found;
		}
		return null;
	}

	const resolved = new Map<string, string>();
	for (const route of routes) {
		const path = await fill(route.pattern.split('/').slice(1), 0, '');
		expect(path, `no links on the pages above ${route.pattern} to fill it in`).toBeTruthy();
		resolved.set(route.pattern, path!);
	}
	return resolved;
}
