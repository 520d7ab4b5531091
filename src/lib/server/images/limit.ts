import { MAX_IMAGE_BYTES } from './process';

/**
 * What the image form posts beside the file: three alt texts of up to 300 characters (4 bytes
 * each in UTF-8 at worst), the people choice and the multipart boundaries and headers.
 */
export const IMAGE_FORM_OVERHEAD = 16 * 1024;

/**
 * The largest image the edit page accepts: our own cap, or less when adapter-node's
 * BODY_SIZE_LIMIT would refuse the whole post first with its own unlocalised 413 before any of
 * our code runs. The page shows this number and checks it before uploading.
 */
export function maxUploadBytes(bodySizeLimit: number): number {
	return Math.max(0, Math.min(MAX_IMAGE_BYTES, bodySizeLimit - IMAGE_FORM_OVERHEAD));
}
