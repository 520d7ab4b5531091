import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { auditEvent, siteBrand } from '../db/schema';
import { currentBrand, loadBrand, logoFile, logoPng, removeLogo, resetBrand, saveBrand } from '.';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeStaff } from '$tests/attendees';

const LOGO_SVG = Buffer.from(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" onload="alert(1)">' +
		'<rect width="40" height="20" fill="#0b3d5c"/><script>alert(2)</script></svg>'
);

const base = { name: 'Wetteri Trucks Oy', colour: '#0b3d5c', footerLinks: [] };

describe.each(DATABASE_KINDS)('the brand on %s', (kind) => {
	let database: Database;
	let actor: { kind: 'staff'; id: string };

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		actor = { kind: 'staff', id: (await makeStaff(database.db, 'admin')).id };
	});
	afterAll(() => database.close());
	beforeEach(async () => {
		resetBrand();
		await database.db.delete(siteBrand);
	});

	it('is neutral without a row: the controller name, no colour, no logo', async () => {
		const brand = await loadBrand(database.db);
		expect(brand).toMatchObject({ named: false, colour: null, logo: null, footerLinks: [] });
		expect(brand.name).toBeTruthy();
	});

	it('saves name, colour, links and an SVG logo, audited, and the snapshot follows', async () => {
		const before = (await loadBrand(database.db)).version;
		const links = [
			{ labelFi: 'Kotisivu', labelSv: '', labelEn: 'Home', url: 'https://wetteri.fi/' }
		];
		const result = await saveBrand(database.db, actor, {
			...base,
			footerLinks: links,
			logo: LOGO_SVG
		});
		expect(result.ok).toBe(true);
		const brand = currentBrand();
		expect(brand).toMatchObject({
			name: 'Wetteri Trucks Oy',
			named: true,
			colour: '#0b3d5c',
			onColour: '#ffffff',
			footerLinks: links
		});
		expect(brand.version).not.toBe(before);
		expect(brand.logo).toMatchObject({ hasSvg: true, height: 96, width: 192 });
		const svg = String(logoFile(brand.logo!.hash, 'svg'));
		expect(svg).toContain('<rect');
		expect(svg).not.toMatch(/script|onload|alert/);
		const png = await sharp(logoPng()!).metadata();
		expect(png).toMatchObject({ format: 'png', height: 96 });
		expect(logoFile('other', 'png')).toBeNull();
		const rows = await database.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'brand.updated'));
		expect(rows.at(-1)).toMatchObject({ actorId: actor.id, subjectType: 'site_brand' });
	});

	it('re-encodes a PNG without its metadata and scales it into 1024 px', async () => {
		const big = await sharp({
			create: { width: 2048, height: 512, channels: 3, background: '#c00000' }
		})
			.png()
			.withMetadata({ exif: { IFD0: { Copyright: 'secret-owner' } } })
			.toBuffer();
		const result = await saveBrand(database.db, actor, { ...base, logo: big });
		expect(result.ok).toBe(true);
		const brand = currentBrand();
		expect(brand.logo).toMatchObject({ hasSvg: false, width: 1024, height: 256 });
		const png = logoFile(brand.logo!.hash, 'png') as Buffer;
		expect(png.includes(Buffer.from('secret-owner'))).toBe(false);
		expect(logoFile(brand.logo!.hash, 'svg')).toBeNull();

		await removeLogo(database.db, actor);
		expect(currentBrand().logo).toBeNull();
		expect(currentBrand().name).toBe('Wetteri Trucks Oy');
	});

	it('refuses a light colour, a bad link and an unreadable logo, storing nothing', async () => {
		expect(await saveBrand(database.db, actor, { ...base, colour: '#ffd700' })).toEqual({
			ok: false,
			field: 'colour',
			ratio: 1.4
		});
		const badLink = [{ labelFi: 'X', labelSv: '', labelEn: '', url: 'javascript:alert(1)' }];
		expect(await saveBrand(database.db, actor, { ...base, footerLinks: badLink })).toEqual({
			ok: false,
			field: 'footerLinks'
		});
		for (const [bytes, reason] of [
			[Buffer.from('GIF89a not a logo'), 'type'],
			[Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 'unreadable'],
			[Buffer.alloc(256 * 1024 + 1, 32), 'size']
		] as const) {
			expect(await saveBrand(database.db, actor, { ...base, logo: bytes })).toEqual({
				ok: false,
				field: 'logo',
				reason
			});
		}
		expect(await database.db.select().from(siteBrand)).toEqual([]);
	});
});
