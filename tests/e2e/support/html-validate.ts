import { HtmlValidate } from 'html-validate';

/**
 * The W3C-style check the issue asks of every public page: html-validate's `standard` preset (the
 * HTML standard's own rules, no style preferences) on the HTML exactly as the server sent it.
 */
const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** Every error in `html`, one line each: `line:column rule: message`. Warnings are left out. */
export async function htmlErrors(html: string): Promise<string[]> {
	const report = await validator.validateString(html);
	return report.results.flatMap((result) =>
		result.messages
			.filter((message) => message.severity === 2)
			.map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`)
	);
}
