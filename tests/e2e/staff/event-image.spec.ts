import sharp from 'sharp';
import { StaffPage } from '../pages/staff-page';
import { TRUCK_SHOW } from '../support/data';
import { expect, test } from './staff-fixtures';

/** A phone photo: a JPEG with EXIF (camera, copyright) and GPS, which must never be served. */
function photoWithExif() {
	return sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a6f97' } })
		.composite([
			{
				input: Buffer.from(
					'<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><rect x="300" y="400" width="900" height="300" fill="#111"/></svg>'
				)
			}
		])
		.jpeg()
		.withExif({
			IFD0: { Make: 'SecretCam', Copyright: 'Owner Secret' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 27/1 0/1' }
		})
		.toBuffer();
}

test.use({ expectedErrorStatuses: [400] });

test('staff add an image to an event; the public page shows it without metadata', async ({
	page,
	signedInAs,
	checkA11y
}) => {
	const photo = await photoWithExif();
	expect(photo.includes('SecretCam')).toBe(true);
	const file = { name: 'kuva.jpg', mimeType: 'image/jpeg', buffer: photo };

	await signedInAs(StaffPage, 'staff');
	// The event's id from the staff list, read rather than visited: the edit page is the test's.
	const list = await (await page.request.get('/staff/events')).text();
	const id = /href="\/staff\/events\/([0-9a-f-]{36})"[^>]*>Wetteri Truck Show</.exec(list)?.[1];
	expect(id).toBeTruthy();
	await page.goto(`/staff/events/${id}/edit`);
	await checkA11y('event edit page');
	const section = page.getByRole('region', { name: 'Kuva', exact: true });
	await expect(section).toBeVisible();

	// A file over the limit (adapter-node's default body limit, less the form) is named at once in
	// the page's language and never uploaded: no 413 from adapter-node.
	const fileInput = section.getByLabel('Uusi kuvatiedosto');
	await expect(
		section.getByText('JPEG, PNG tai WebP, enintään 496 kt ja 40 megapikseliä.')
	).toBeVisible();
	const huge = { name: 'iso.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(600 * 1024) };
	await fileInput.setInputFiles(huge);
	const tooLarge = section.getByText('Tiedosto on yli 496 kt. Valitse pienempi kuva.');
	await expect(tooLarge).toBeVisible();
	await section.getByRole('button', { name: 'Tallenna kuva' }).click();
	await expect(tooLarge).toBeVisible();
	await expect(fileInput).toHaveAttribute('aria-invalid', 'true');

	// Without the confirmation about people nothing is stored, and the typed texts come back.
	const altFi = 'Kuorma-auto näyttelyhallissa';
	await section.getByLabel('Uusi kuvatiedosto').setInputFiles(file);
	await section.getByLabel('Tekstivastine suomeksi').fill(altFi);
	await section.getByLabel(/Tekstivastine englanniksi/).fill('A truck in the show hall');
	await section.getByRole('button', { name: 'Tallenna kuva' }).click();
	await expect(section.getByRole('alert')).toContainText('valitse kuva uudelleen');
	await expect(section.getByText('Ilman vahvistusta kuvaa ei tallenneta.')).toBeVisible();
	await expect(section.getByLabel('Tekstivastine suomeksi')).toHaveValue(altFi);
	await checkA11y('image refused without the people confirmation');

	await section.getByLabel('Uusi kuvatiedosto').setInputFiles(file);
	await section.getByLabel('Kuvassa ei näy tunnistettavia henkilöitä').check();
	await section.getByRole('button', { name: 'Tallenna kuva' }).click();
	await expect(section.getByRole('status')).toHaveText('Kuva tallennettu.');
	await expect(section.getByRole('img', { name: altFi })).toBeVisible();
	await checkA11y('image saved');

	// The public page, at a phone's narrowest.
	await page.setViewportSize({ width: 320, height: 700 });
	await page.goto(`/events/${TRUCK_SHOW}`);
	const image = page.getByRole('img', { name: altFi });
	await expect(image).toBeVisible();
	await expect(image).toHaveAttribute('fetchpriority', 'high');
	await expect
		.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
		.toBeGreaterThan(0);
	const sideways = await page.evaluate(
		() => document.documentElement.scrollWidth > document.documentElement.clientWidth
	);
	expect(sideways).toBe(false);
	await checkA11y('public event page with an image');

	// Every variant served, the preview JPEG included, is free of the photo's metadata.
	const preview = await page.locator('meta[property="og:image"]').getAttribute('content');
	const srcset = (await image.getAttribute('srcset')) ?? '';
	const urls = [preview!, ...srcset.split(', ').map((entry) => entry.split(' ')[0]!)];
	expect(urls).toHaveLength(4);
	for (const url of urls) {
		const response = await page.request.get(url);
		expect(response.status()).toBe(200);
		expect(response.headers()['cache-control']).toContain('immutable');
		expect(response.headers()['set-cookie']).toBeUndefined();
		const bytes = await response.body();
		const meta = await sharp(bytes).metadata();
		expect(meta.exif).toBeUndefined();
		expect(bytes.includes('SecretCam')).toBe(false);
		expect(bytes.includes('Exif')).toBe(false);
	}
	await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute(
		'content',
		'summary_large_image'
	);
	// An unknown hash is a 404, not an image.
	const stale = urls[1]!.replace(/\/events\/([^/]+)\/[^/]+\//, '/events/$1/vanha/');
	expect((await page.request.get(stale)).status()).toBe(404);
});
