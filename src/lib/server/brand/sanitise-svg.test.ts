import { describe, expect, it } from 'vitest';
import { sanitiseSvg } from './sanitise-svg';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const wrap = (inner: string, attrs = '') => `<svg ${NS} viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

describe('sanitising an SVG logo', () => {
	it('keeps shapes, gradients, text and presentation attributes', () => {
		const svg = wrap(
			'<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs>' +
				'<rect id="r" width="4" height="4" fill="url(#g)" style="fill:#c00"/><text x="1">Wetteri</text>' +
				'<use href="#r"/>'
		);
		const clean = sanitiseSvg(svg)!;
		expect(clean).toContain('<linearGradient id="g">');
		expect(clean).toContain('fill="url(#g)"');
		expect(clean).toContain('style="fill:#c00"');
		expect(clean).toContain('<text x="1">Wetteri</text>');
		expect(clean).toContain('<use href="#r">');
		expect(clean).toContain('viewBox="0 0 10 10"');
	});

	it.each([
		['a script element', wrap('<script>alert(1)</script><rect width="1"/>'), /script|alert/i],
		['an onload handler', wrap('<rect width="1"/>', ' onload="alert(1)"'), /onload|alert/i],
		[
			'an event handler on a shape',
			wrap('<rect width="1" onclick="alert(1)" onmouseover="x()"/>'),
			/onclick|onmouseover|alert/i
		],
		[
			'a javascript: link',
			wrap('<a href="javascript:alert(1)"><rect width="1"/></a><use href="javascript:x"/>'),
			/javascript|<a/i
		],
		[
			'an external image',
			wrap(
				'<image href="https://evil.example/p.png" width="1"/><use xlink:href="https://evil.example/s.svg#a"/>'
			),
			/evil\.example|<image/i
		],
		[
			'foreignObject with HTML inside',
			wrap(
				'<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/>hi</body></foreignObject>'
			),
			/foreignObject|<img|onerror|<body|hi/i
		],
		[
			'an XXE entity in the DOCTYPE',
			`<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap('<text>&xxe;</text>')}`,
			/DOCTYPE|ENTITY|passwd|&xxe;|\]>/
		],
		[
			'style reaching out with url()',
			wrap(
				'<rect width="1" style="fill:url(https://evil.example/a)" fill="url(http://evil.example/b)"/>'
			),
			/evil\.example|style=/i
		],
		[
			'a style element',
			wrap('<style>@import url(https://evil.example/c.css);</style>'),
			/style|evil/i
		]
	])('removes %s', (_name, svg, forbidden) => {
		const clean = sanitiseSvg(svg);
		expect(clean).not.toBeNull();
		expect(clean).not.toMatch(forbidden);
		expect(clean).toMatch(/^<svg /);
	});

	it('refuses what is not an SVG document', () => {
		expect(sanitiseSvg('<html><body>no</body></html>')).toBeNull();
		expect(sanitiseSvg('plain text')).toBeNull();
	});
});
