import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './postgres-server';

export interface SmtpSink {
	url: string;
	port: number;
	/** Every message accepted so far, parsed. */
	messages: ParsedMail[];
	/** Resolves when at least `count` messages have arrived (or rejects after `timeoutMs`). */
	waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
	/** While set, the sink answers every RCPT TO with this SMTP error code (e.g. 451 or 550). */
	rejectRecipients: number | null;
	close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, for tests that send real mail. */
export async function startSmtpSink(): Promise<SmtpSink> {
	const port = await freePort();
	const messages: ParsedMail[] = [];
	const waiters: (() => void)[] = [];
	const sink: SmtpSink = {
		url: `smtp://127.0.0.1:${port}`,
		port,
		messages,
		rejectRecipients: null,
		waitFor(count, timeoutMs = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (messages.length >= count) {
						clearTimeout(timer);
						resolve(messages);
						return true;
					}
					return false;
				};
				const timer = setTimeout(
					() => reject(new Error(`expected ${count} messages, got ${messages.length}`)),
					timeoutMs
				);
				if (!check()) waiters.push(() => void check());
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
	const server = new SMTPServer({
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(_address, _session, callback) {
			if (sink.rejectRecipients) {
				const error = new Error('recipient refused by test') as Error & { responseCode: number };
				error.responseCode = sink.rejectRecipients;
				callback(error);
				return;
			}
			callback();
		},
		onData(stream, _session, callback) {
			// cid: links kept as sent (mailparser would turn them into data: URLs), so a test sees the
			// HTML a mail client gets.
			simpleParser(stream, { keepCidLinks: true })
				.then((parsed) => {
					messages.push(parsed);
					for (const wake of waiters.splice(0)) wake();
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return sink;
}
