import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBrand, resetBrand, saveBrand } from '../brand';
import type { Database } from '../db';
import { emailOutbox, siteBrand } from '../db/schema';
import { eventPageKey } from '../events/page-cache';
import { enqueue } from './outbox';
import { renderManageLinkMail } from './templates/manage-link';
import { createFileTransport } from './transport';
import { DATABASE_KINDS, openTestDatabase } from '$tests/databases';
import { makeStaff } from '$tests/attendees';
import { makeEvent } from '$tests/factories';

const SENDER = { from: 'Ilmo <ilmo@ilmo.test>', replyTo: 'asiakaspalvelu@ilmo.test' };
const LOGO = Buffer.from(
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#8a1c1c"/></svg>'
);

describe.each(DATABASE_KINDS)('the brand in mail and cached pages on %s', (kind) => {
	let database: Database;
	let directory: string;
	let actor: { kind: 'staff'; id: string };

	beforeAll(async () => {
		database = await openTestDatabase(kind);
		actor = { kind: 'staff', id: (await makeStaff(database.db, 'admin')).id };
	});
	afterAll(async () => {
		resetBrand();
		await database.close();
	});
	beforeEach(async () => {
		resetBrand();
		await database.db.delete(siteBrand);
		await loadBrand(database.db);
		directory = await mkdtemp(path.join(os.tmpdir(), 'ilmo-brand-mail-'));
	});

	/** Queues a mail as the app does, sends it to a file and reads it back. */
	async function sendOne(locale: 'fi' | 'sv' | 'en') {
		const message = renderManageLinkMail({
			locale,
			to: 'aino@example.fi',
			firstName: 'Aino',
			manageUrl: 'http://ilmo.test/manage/abc'
		});
		const id = await enqueue(database.db, 'manage_link', message);
		const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
		await createFileTransport(directory, SENDER).send({ id, message: row!.message! });
		const [file] = await readdir(directory);
		const parsed = await simpleParser(await readFile(path.join(directory, file!)));
		await rm(directory, { recursive: true, force: true });
		return { row: row!, parsed };
	}

	it('sends a neutral mail exactly as before: no logo part, no band', async () => {
		const { parsed } = await sendOne('fi');
		expect(parsed.attachments).toEqual([]);
		expect(parsed.html).not.toContain('brand-logo');
	});

	it('carries the logo inline (attached at send time), the name, the colour and the links', async () => {
		const links = [
			{ labelFi: 'Kotisivu', labelSv: 'Hemsida', labelEn: '', url: 'https://wetteri.fi/' }
		];
		const saved = await saveBrand(database.db, actor, {
			name: 'Wetteri Trucks Oy',
			colour: '#8a1c1c',
			footerLinks: links,
			logo: LOGO
		});
		expect(saved.ok).toBe(true);
		const { row, parsed } = await sendOne('sv');
		// The queued row holds a reference, not the PNG.
		expect(row.message!.attachments).toEqual([]);
		expect(row.message!.html).toContain('src="cid:brand-logo"');
		const [logo] = parsed.attachments;
		expect(logo).toMatchObject({ contentType: 'image/png', cid: 'brand-logo' });
		expect(logo!.content.subarray(1, 4).toString()).toBe('PNG');
		expect(parsed.html).toContain('alt="Wetteri Trucks Oy"');
		expect(parsed.html).toContain('background:#8a1c1c;color:#ffffff');
		expect(parsed.html).toContain('<a href="https://wetteri.fi/"');
		expect(parsed.html).toContain('>Hemsida</a>');
		expect(parsed.html).not.toMatch(/src="https?:/);
		expect(parsed.text).toContain('Wetteri Trucks Oy\nHemsida: https://wetteri.fi/');
	});

	it('makes a new event-page cache key when the brand changes', async () => {
		const event = await makeEvent(database.db);
		const before = eventPageKey('/events/x', event);
		await saveBrand(database.db, actor, { name: 'Uusi nimi', colour: '', footerLinks: [] });
		expect(eventPageKey('/events/x', event)).not.toBe(before);
	});
});
