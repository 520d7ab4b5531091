const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(value: string): string {
	return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A plain HTML frame: inline styles only, no remote images, fonts or tracking pixels. */
export function renderHtmlLayout(input: {
	lang: string;
	title: string;
	body: string;
	footer: string;
}) {
	return `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.title)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:40em;margin:0 auto;padding:1em">
${input.body}
<hr style="border:0;border-top:1px solid #ccc">
<p style="font-size:0.85em;color:#555">${escapeHtml(input.footer)}</p>
</body>
</html>`;
}
