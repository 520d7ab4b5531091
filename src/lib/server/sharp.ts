import type sharpModule from 'sharp';

let loading: Promise<typeof sharpModule> | undefined;

/**
 * sharp, loaded on first use: it brings libvips, some 30 MB of resident memory and half a second
 * of start-up, which a server that is not processing an image does not need.
 */
export function loadSharp(): Promise<typeof sharpModule> {
	loading ??= import('sharp').then((module) => module.default);
	return loading;
}
