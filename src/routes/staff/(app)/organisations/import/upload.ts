/**
 * The uploaded file, read within the body size limit. adapter-node enforces BODY_SIZE_LIMIT itself
 * (its request body errors with a 413 on the first read), `vite dev` does not; checking here too
 * gives staff the same localised answer in both, instead of a bare error page.
 */
import { parseWholeNumber } from '$lib/whole-number';

export type UploadError = 'tooLarge' | 'noFile' | 'unreadable';

export type Upload =
	{ ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; error: UploadError };

/** Whether a body read failed because the body was too large (adapter-node's SvelteKitError). */
function isTooLarge(error: unknown): boolean {
	for (
		let e = error as { status?: unknown; cause?: unknown } | undefined, depth = 0;
		e && depth < 5;
		depth++
	) {
		if (e.status === 413) return true;
		e = e.cause as typeof e;
	}
	return false;
}

/** The declared size is checked before anything is read, so a large upload is never parsed. */
export function declaredTooLarge(request: Request, limit: number): boolean {
	const declared = request.headers.get('content-length');
	if (declared === null) return false;
	// A length that is not plain digits, or has more of them than any count we keep, is no small one.
	const bytes = parseWholeNumber(declared);
	return bytes === null || bytes > limit;
}

/** The form of a POST, or why it could not be read. */
export async function readForm(
	request: Request,
	limit: number
): Promise<{ ok: true; form: FormData } | { ok: false; status: 400 | 413; error: UploadError }> {
	if (declaredTooLarge(request, limit)) return { ok: false, status: 413, error: 'tooLarge' };
	try {
		return { ok: true, form: await request.formData() };
	} catch (error) {
		return isTooLarge(error)
			? { ok: false, status: 413, error: 'tooLarge' }
			: { ok: false, status: 400, error: 'unreadable' };
	}
}

/** The bytes of the file posted as `field`. */
export async function readUpload(request: Request, limit: number, field = 'file'): Promise<Upload> {
	const read = await readForm(request, limit);
	if (!read.ok) return read;
	const file = read.form.get(field);
	if (!(file instanceof File) || file.size === 0)
		return { ok: false, status: 400, error: 'noFile' };
	if (file.size > limit) return { ok: false, status: 413, error: 'tooLarge' };
	return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()) };
}

const UNITS = [
	['gigabyte', 1024 ** 3],
	['megabyte', 1024 ** 2],
	['kilobyte', 1024]
] as const;

/** "512 kt" / "512 kB", "10 Mt" / "10 MB" in the staff member's language; null without a limit. */
export function sizeText(bytes: number, locale: string): string | null {
	if (!Number.isFinite(bytes)) return null;
	const [unit, size] = UNITS.find(([, size]) => bytes >= size) ?? ['byte', 1];
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit,
		maximumFractionDigits: 1
	}).format(bytes / size);
}
