/**
 * Name badge layouts, in millimetres: A4 label sheets of common sizes and single labels for a label
 * printer. The print view draws each from static CSS (the CSP allows no inline styles), one class
 * per layout; the numbers here are what that CSS says, for the form's labels and the layout test.
 */
export interface BadgeLayout {
	id: string;
	/** An A4 sheet of labels, or one label per page from a roll. */
	kind: 'sheet' | 'roll';
	width: number;
	height: number;
	columns: number;
	rows: number;
}

export const BADGE_LAYOUTS = [
	// Avery 3474 and the like: 3 × 8, edge to edge across the sheet.
	{ id: 'a4-70x37', kind: 'sheet', width: 70, height: 37, columns: 3, rows: 8 },
	// Avery L7163.
	{ id: 'a4-99x38', kind: 'sheet', width: 99.1, height: 38.1, columns: 2, rows: 7 },
	// Avery L7165.
	{ id: 'a4-99x68', kind: 'sheet', width: 99.1, height: 67.7, columns: 2, rows: 4 },
	// Business-card size, the size of most badge holders.
	{ id: 'a4-89x54', kind: 'sheet', width: 89, height: 54, columns: 2, rows: 5 },
	// Label printers (e.g. Brother 62 mm continuous, Dymo 89 × 36 mm): one badge per page.
	{ id: 'roll-62x100', kind: 'roll', width: 62, height: 100, columns: 1, rows: 1 },
	{ id: 'roll-89x36', kind: 'roll', width: 89, height: 36, columns: 1, rows: 1 }
] as const satisfies readonly BadgeLayout[];

export type BadgeLayoutId = (typeof BADGE_LAYOUTS)[number]['id'];

export const BADGE_LAYOUT_IDS = BADGE_LAYOUTS.map((layout) => layout.id) as [
	BadgeLayoutId,
	...BadgeLayoutId[]
];

export function badgeLayout(id: BadgeLayoutId): BadgeLayout {
	return BADGE_LAYOUTS.find((layout) => layout.id === id)!;
}

/** Who gets a badge: everyone with a seat, or those not yet (or already) checked in. */
export const BADGE_AUDIENCES = ['confirmed', 'not_arrived', 'arrived'] as const;
export type BadgeAudience = (typeof BADGE_AUDIENCES)[number];
