/**
 * An HTTP answer as the server sent it, for comparing two answers header for header: fetch()
 * merges, reorders and decodes, node:http's client keeps the raw header list and the body's bytes.
 */
import { request } from 'node:http';

export interface RawAnswer {
	status: number;
	/** Every header line as sent, in order, but the date (which moves with the clock). */
	headers: string[];
	/** The body's bytes as sent (still compressed), in base64. */
	body: string;
}

export function askRaw(
	origin: string,
	path: string,
	options: { method?: string; headers?: Record<string, string> } = {}
): Promise<RawAnswer> {
	const { hostname, port } = new URL(origin);
	return new Promise((resolve, reject) => {
		const req = request({ host: hostname, port, path, agent: false, ...options }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('end', () => {
				const headers: string[] = [];
				for (let i = 0; i < res.rawHeaders.length; i += 2) {
					const name = res.rawHeaders[i]!;
					if (name.toLowerCase() !== 'date') headers.push(`${name}: ${res.rawHeaders[i + 1]}`);
				}
				resolve({
					status: res.statusCode!,
					headers,
					body: Buffer.concat(chunks).toString('base64')
				});
			});
		});
		req.setTimeout(30_000, () => req.destroy(new Error(`${path}: no answer in 30 s`)));
		req.on('error', reject);
		req.end();
	});
}
