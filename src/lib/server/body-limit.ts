/** Public forms are a few hundred bytes; 64 KB leaves room for any honest sign-up. */
export const PUBLIC_FORM_LIMIT = 64 * 1024;

/**
 * The body of a request whose size was not declared, read up to `limit` bytes; null when it is
 * larger. Reading stops at the limit, so an endless upload costs no more than that.
 */
export async function readLimited(
	body: ReadableStream<Uint8Array>,
	limit: number
): Promise<Uint8Array | null> {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			// Not cancel(): adapter-node answers that by destroying the socket, so the 413 never
			// reached the client. Left unread, the stream stops pulling (backpressure), and the
			// connection closes after the answer, which says `connection: close`.
			reader.releaseLock();
			return null;
		}
		chunks.push(value);
	}
	const joined = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		joined.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return joined;
}
