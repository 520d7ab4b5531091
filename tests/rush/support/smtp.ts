/**
 * An SMTP sink for the rush tests. Like tests/support/smtp-sink.ts, but it can listen on a given
 * port (to bring "the mail server" back where the app expects it), hold each message a while (to
 * catch a send in progress) and tells when a message starts arriving. Messages are counted as raw
 * Message-ID and recipient, not parsed, to keep 1,000 of them cheap.
 */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../support/postgres-server';

export interface ReceivedMail {
	messageId: string;
	to: string[];
	/** The text of the message, headers included (quoted-printable as sent). */
	raw: string;
}

export interface Sink {
	url: string;
	port: number;
	messages: ReceivedMail[];
	/** Messages whose DATA has begun, accepted or not yet. */
	started: number;
	/** Polls until at least `count` messages have been accepted. */
	waitFor(count: number, timeoutMs: number): Promise<void>;
	close(): Promise<void>;
}

export interface SinkOptions {
	port?: number;
	/** How long each message is held before it is accepted. */
	holdMs?: number;
}

function header(raw: string, name: string): string {
	const match = new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
	return match ? match[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
	const port = options.port ?? (await freePort());
	const sink: Sink = {
		url: `smtp://127.0.0.1:${port}`,
		port,
		messages: [],
		started: 0,
		async waitFor(count, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (sink.messages.length < count) {
				if (Date.now() > deadline) {
					throw new Error(`expected ${count} messages, got ${sink.messages.length}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
			})
	};
	const server = new SMTPServer({
		secure: false,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		// A reverse DNS lookup per connection would dominate a run of 1,000 messages.
		disableReverseLookup: true,
		onData(stream, session, callback) {
			sink.started++;
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const accept = () => {
					sink.messages.push({
						messageId: header(raw, 'Message-ID'),
						to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
						raw
					});
					callback();
				};
				if (options.holdMs) setTimeout(accept, options.holdMs);
				else accept();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return sink;
}

/** Message-IDs that arrived more than once: the outbox gives each row its own stable id. */
export function duplicateMessageIds(messages: ReceivedMail[]): string[] {
	const seen = new Map<string, number>();
	for (const m of messages) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
	return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The manage link in a registration email (a plain-text part; quoted-printable soft breaks undone). */
export function manageUrl(mail: ReceivedMail): string | undefined {
	const text = mail.raw.replace(/=\r?\n/g, '');
	return /https?:\/\/[^\s"<>]+?\/manage\/[A-Za-z0-9_-]+/.exec(text)?.[0];
}
