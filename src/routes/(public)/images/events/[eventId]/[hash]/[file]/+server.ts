import { db } from '$lib/server/db/database';
import { isId } from '$lib/server/db/ids';
import { notFound } from '$lib/server/http';
import * as eventImages from '$lib/server/images';
import type { RequestHandler } from './$types';

const FILE = /^([1-9][0-9]{0,4})\.(webp|jpg)$/;

/**
 * One variant of an event image. The path carries the image's content hash, so a given URL always
 * means the same bytes: cached for a year, and a replaced image gets a new URL (the old one is a
 * 404). A draft's image is served too, for the staff preview: its URL holds a random id and hash.
 */
export const GET: RequestHandler = async ({ params }) => {
	const match = FILE.exec(params.file);
	if (!match || !isId(params.eventId) || !/^[\w-]{1,64}$/.test(params.hash)) notFound();
	const format = match[2] === 'jpg' ? 'jpeg' : 'webp';
	const bytes = await eventImages.findVariant(await db(), {
		eventId: params.eventId,
		hash: params.hash,
		width: Number(match[1]),
		format
	});
	if (!bytes) notFound();
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': format === 'jpeg' ? 'image/jpeg' : 'image/webp',
			'content-length': String(bytes.byteLength),
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
};
