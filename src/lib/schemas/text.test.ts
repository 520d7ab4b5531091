import { describe, expect, it } from 'vitest';
import { multiLine, oneLine } from './text';

describe('control characters in typed text', () => {
	it('become spaces in a one-line field, line breaks and tabs included', () => {
		expect(oneLine('Ai\u0000no\u001b\tx\r\ny\u007f\u0085z')).toBe('Ai no  x  y  z');
	});

	it('leave tabs and line breaks in multi-line text, as line feeds', () => {
		expect(multiLine('a;b\r\nc;d\re\u0000f\tg\u000bh\u009fi')).toBe('a;b\nc;d\ne f\tg h i');
	});

	it('leave letters, emoji and U+2028 alone', () => {
		expect(oneLine('Hämäläinen 🚚 Åsa')).toBe('Hämäläinen 🚚 Åsa');
		expect(multiLine('rivi\u2028toinen')).toBe('rivi\u2028toinen');
	});
});
