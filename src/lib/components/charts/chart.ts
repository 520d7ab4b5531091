/** One category of a chart (a day, a month): its name and a number for each column. */
export interface ChartRow {
	key: string;
	/** The name in the table, in full ("maaliskuu 2026"). */
	label: string;
	/** A shorter name under the chart's axis ("3/26"); the label when left out. */
	short?: string;
	cells: number[];
}

/** The drawing area inside the SVG's viewBox: wide enough for a phone, text kept readable. */
export const VIEW = { width: 400, height: 220, left: 40, right: 14, top: 14, bottom: 30 } as const;
export const PLOT = {
	x0: VIEW.left,
	x1: VIEW.width - VIEW.right,
	y0: VIEW.height - VIEW.bottom,
	y1: VIEW.top
} as const;
