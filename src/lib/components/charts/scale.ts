/**
 * Scales for the server-drawn charts: round tick values a reader can take in at a glance, and which
 * categories get a label when there are too many to label all.
 */

/** Ticks from 0 to a round top at or above `max`, about four steps of 1, 2 or 5 × 10ⁿ. */
export function valueTicks(max: number): number[] {
	if (!(max > 0)) return [0, 1];
	const rough = max / 4;
	const power = 10 ** Math.floor(Math.log10(rough));
	const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough)!;
	// Counts are whole numbers: a step below one would only repeat a label.
	const whole = Math.max(1, step);
	const top = Math.ceil(max / whole) * whole;
	const ticks: number[] = [];
	for (let tick = 0; tick <= top; tick += whole) ticks.push(tick);
	return ticks;
}

/** Indexes of at most `most` of `count` categories, evenly spread, the first and last included. */
export function labelledIndexes(count: number, most: number): number[] {
	if (count <= most) return Array.from({ length: count }, (_, i) => i);
	const every = Math.ceil((count - 1) / (most - 1));
	const picked: number[] = [];
	for (let i = 0; i < count - 1; i += every) picked.push(i);
	if (count - 1 - picked[picked.length - 1]! < every / 2) picked.pop();
	picked.push(count - 1);
	return picked;
}

/** Whole numbers as the reader's language writes them ("10 000" in Finnish). */
export function numberFormat(locale: string): (value: number) => string {
	const format = new Intl.NumberFormat(locale);
	return (value) => format.format(value);
}
