// One rule for control characters in typed text. PostgreSQL refuses NUL in text outright (a crafted
// POST became a 500), the HTML parser turns NUL into U+FFFD on a round trip through a hidden field,
// and no field has any use for the rest. They become spaces rather than vanish, so words stay apart.

// C0 (tab and line breaks included), DEL and C1: a browser's one-line input never sends them.
// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// The same but tab and line feed, which a text area or a CSV file legitimately holds.
// eslint-disable-next-line no-control-regex
const TEXT_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text for a one-line field: every control character becomes a space. */
export function oneLine(value: string): string {
	return value.replace(LINE_CONTROLS, ' ');
}

/**
 * Text that may run over lines: line breaks become line feeds (a browser sends a text area's as
 * CR LF), tabs stay, every other control character becomes a space.
 */
export function multiLine(value: string): string {
	return value.replace(/\r\n?/g, '\n').replace(TEXT_CONTROLS, ' ');
}
