import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** A message the SMTP sink received, as the server script stores it. */
export interface StoredMail {
	to: string[];
	subject: string;
	text: string;
	html: string;
	/** Where replies go: the event's contact person when it has one. */
	replyTo?: string[];
	/** The headers tests read (List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted), by lower-case name. */
	headers?: Record<string, string>;
	/** `content`: text as is, images base64, anything else empty; `cid` for an inline part. */
	attachments: { filename: string; contentType: string; content: string; cid?: string }[];
	receivedAt: string;
}

/** The mailbox of the server this test's project runs against (playwright.config.ts). */
function mailboxDir(): string {
	const dir = (test.info().project.metadata as { mailboxDir?: string }).mailboxDir;
	if (!dir) throw new Error('no mailbox for this project; run through `npx playwright test`');
	return dir;
}

/** Every message delivered to `address` so far, oldest first. */
export function mailTo(address: string): StoredMail[] {
	const dir = mailboxDir();
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((name) => name.endsWith('.json') && !name.startsWith('.'))
		.sort()
		.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as StoredMail)
		.filter((mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/** Waits until `count` messages have reached `address`, then returns them. */
export async function waitForMail(address: string, count = 1): Promise<StoredMail[]> {
	await expect
		.poll(() => mailTo(address).length, {
			message: `${count} message(s) to ${address} via SMTP`,
			timeout: 15_000
		})
		.toBeGreaterThanOrEqual(count);
	return mailTo(address);
}

/** The manage link from a registration email; the link carries a random token. */
export function manageLink(mail: StoredMail): URL {
	const match = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]{20,}/.exec(mail.text);
	if (!match) throw new Error(`no manage link in:\n${mail.text}`);
	return new URL(match[0]);
}
