import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import * as audit from '../audit';
import { config } from '../config';
import type { Db } from '../db';
import { siteBrand, type FooterLink, type SiteBrand } from '../db/schema';
import { checkColour, onColour } from './contrast';
import { processLogo, type Logo, type LogoRefusal } from './logo';

export type { FooterLink } from '../db/schema';
export { checkColour, contrastRatio, onColour } from './contrast';
export { LOGO_MAX_BYTES } from './logo';

/** What pages and mail show of the organisation: a snapshot, read without waiting. */
export interface Brand {
	/** The row's name, else ILMO_BRAND_NAME, else the controller's name. */
	name: string;
	/** Whether a name was chosen (row or configuration); the neutral header keeps its own text. */
	named: boolean;
	/** '#rrggbb', or null for the neutral palette. */
	colour: string | null;
	/** The text colour on `colour` that reaches 4.5:1. */
	onColour: string | null;
	footerLinks: FooterLink[];
	logo: { hash: string; width: number; height: number; hasSvg: boolean } | null;
	/** A digest of all of the above: cache keys and the stylesheet's address carry it. */
	version: string;
}

interface Snapshot {
	brand: Brand;
	logo: Logo | null;
	loadedAt: number;
}

/** How old a snapshot may get before a read starts a refresh: another instance's edit shows soon. */
const REFRESH_MS = 30_000;

let snapshot: Snapshot | null = null;
let source: Db | null = null;
let refreshing: Promise<void> | null = null;
let fileLogo: Promise<Logo | null> | null = null;

function compose(row: SiteBrand | undefined, logo: Logo | null): Snapshot {
	const settings = config();
	const chosenName = row?.name || settings.brand.name || null;
	const colour = row?.colour || settings.brand.colour || null;
	const footerLinks = row?.footerLinks ?? [];
	const brandLogo = logo
		? { hash: logo.hash, width: logo.width, height: logo.height, hasSvg: logo.svg !== null }
		: null;
	const fields = {
		name: chosenName ?? settings.controller.name,
		named: chosenName !== null,
		colour,
		onColour: colour ? onColour(colour) : null,
		footerLinks,
		logo: brandLogo
	};
	const version = createHash('sha256')
		.update(JSON.stringify(fields))
		.digest('base64url')
		.slice(0, 12);
	return { brand: { ...fields, version }, logo, loadedAt: Date.now() };
}

/** ILMO_BRAND_LOGO, read and processed once: the logo when the row has none. */
function readFileLogo(): Promise<Logo | null> {
	const file = config().brand.logoFile;
	if (!file) return Promise.resolve(null);
	fileLogo ??= readFile(file)
		.then(processLogo)
		.then((result) => {
			if (result.ok) return result.logo;
			console.error(`[ilmo] ILMO_BRAND_LOGO ${file} is not a usable logo (${result.reason}).`);
			return null;
		})
		.catch((error: unknown) => {
			console.error(`[ilmo] ILMO_BRAND_LOGO ${file} cannot be read:`, error);
			return null;
		});
	return fileLogo;
}

function rowLogo(row: SiteBrand | undefined): Logo | null {
	if (!row?.logoPng || !row.logoHash || !row.logoWidth || !row.logoHeight) return null;
	return {
		svg: row.logoSvg,
		png: row.logoPng,
		width: row.logoWidth,
		height: row.logoHeight,
		hash: row.logoHash
	};
}

/** The admin's own settings (what the form shows), without the configured fallbacks. */
export async function readBrandRow(db: Db): Promise<SiteBrand | undefined> {
	const [row] = await db.select().from(siteBrand).where(eq(siteBrand.id, 1));
	return row;
}

/** Reads the brand from the database into the snapshot; at start-up and after every save. */
export async function loadBrand(db: Db): Promise<Brand> {
	source = db;
	const row = await readBrandRow(db);
	snapshot = compose(row, rowLogo(row) ?? (await readFileLogo()));
	return snapshot.brand;
}

/**
 * The brand as last read, without a database round trip: mail templates render inside
 * transactions and every public page shows it. Past REFRESH_MS the next read starts a reload in
 * the background (this read still answers from the old snapshot). Before any load, the
 * configuration's brand (no file logo).
 */
export function currentBrand(): Brand {
	if (!snapshot) return compose(undefined, null).brand;
	if (source && !refreshing && Date.now() - snapshot.loadedAt > REFRESH_MS) {
		refreshing = loadBrand(source)
			.then(() => undefined)
			.catch((error: unknown) => console.error('[ilmo] reloading the brand failed:', error))
			.finally(() => (refreshing = null));
	}
	return snapshot.brand;
}

/** The logo's bytes for its address, when `hash` is the current logo's. */
export function logoFile(hash: string, format: 'svg' | 'png'): Buffer | string | null {
	const logo = snapshot?.logo;
	if (!logo || logo.hash !== hash) return null;
	return format === 'svg' ? logo.svg : logo.png;
}

/** The current logo's PNG, which mail carries inline. */
export function logoPng(): Buffer | null {
	return snapshot?.logo?.png ?? null;
}

/**
 * The stylesheet that puts the organisation's colour over the app's defaults; null when neutral.
 * `html:root` outranks app.css's `:root` whatever order the two stylesheets load in.
 */
export function themeCss(brand: Brand): string | null {
	if (!brand.colour || !brand.onColour) return null;
	return `html:root{--brand:${brand.colour};--brand-ink:${brand.onColour}}\n`;
}

export function isFooterUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'mailto:';
	} catch {
		return false;
	}
}

export interface BrandInput {
	name: string;
	/** '#rrggbb' or '' for none. */
	colour: string;
	footerLinks: FooterLink[];
	/** A new logo's bytes; absent keeps the current one. */
	logo?: Buffer | null;
}

export type SaveResult =
	| { ok: true; brand: Brand }
	| { ok: false; field: 'colour'; ratio: number }
	| { ok: false; field: 'logo'; reason: LogoRefusal }
	| { ok: false; field: 'footerLinks' };

type Actor = { kind: 'staff'; id: string };

/** Saves the admin's brand settings, audited, and reloads the snapshot. */
export async function saveBrand(db: Db, actor: Actor, input: BrandInput): Promise<SaveResult> {
	const colour = input.colour.trim().toLowerCase() || null;
	if (colour) {
		const check = checkColour(colour);
		if (!check.ok) return { ok: false, field: 'colour', ratio: check.ratio };
	}
	if (!input.footerLinks.every((link) => isFooterUrl(link.url))) {
		return { ok: false, field: 'footerLinks' };
	}
	let logo: Logo | null = null;
	if (input.logo && input.logo.length > 0) {
		const result = await processLogo(input.logo);
		if (!result.ok) return { ok: false, field: 'logo', reason: result.reason };
		logo = result.logo;
	}
	const values = {
		name: input.name.trim() || null,
		colour,
		footerLinks: input.footerLinks,
		updatedBy: actor.id,
		updatedAt: new Date(),
		...(logo
			? {
					logoSvg: logo.svg,
					logoPng: logo.png,
					logoWidth: logo.width,
					logoHeight: logo.height,
					logoHash: logo.hash
				}
			: {})
	};
	await db.transaction(async (tx) => {
		await tx
			.insert(siteBrand)
			.values({ id: 1, ...values })
			.onConflictDoUpdate({ target: siteBrand.id, set: values });
		await audit.record(tx, {
			action: 'brand.updated',
			actor,
			subject: { type: 'site_brand', id: '1' },
			details: {
				name: values.name !== null,
				colour: colour ?? 'none',
				footerLinks: input.footerLinks.length,
				...(logo ? { logo: logo.svg ? 'svg' : 'png' } : {})
			}
		});
	});
	return { ok: true, brand: await loadBrand(db) };
}

/** Removes the uploaded logo (ILMO_BRAND_LOGO, when set, shows again), audited. */
export async function removeLogo(db: Db, actor: Actor): Promise<Brand> {
	await db.transaction(async (tx) => {
		await tx
			.update(siteBrand)
			.set({
				logoSvg: null,
				logoPng: null,
				logoWidth: null,
				logoHeight: null,
				logoHash: null,
				updatedBy: actor.id,
				updatedAt: new Date()
			})
			.where(eq(siteBrand.id, 1));
		await audit.record(tx, {
			action: 'brand.updated',
			actor,
			subject: { type: 'site_brand', id: '1' },
			details: { logo: 'removed' }
		});
	});
	return loadBrand(db);
}

/** For tests: forget the snapshot, the file logo and the database. */
export function resetBrand() {
	snapshot = null;
	source = null;
	fileLogo = null;
}
