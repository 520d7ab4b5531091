import { eq, sql } from 'drizzle-orm';
import * as audit from '../audit';
import type { Db } from '../db';
import { staffSetting } from '../db/schema';
import type { Actor } from './users';

/** Settings an admin changes at run time, with the value each has until someone sets it. */
export const SETTING_DEFAULTS = {
	/** When on, an admin without TOTP is sent to enroll before anything else. */
	require_totp_admins: false as boolean,
	/** How many hours ahead a door account sees events to check people in to. */
	door_window_hours: 24 as number
};

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingValue<K extends SettingKey> = (typeof SETTING_DEFAULTS)[K];

export const DOOR_WINDOW_MIN_HOURS = 1;
export const DOOR_WINDOW_MAX_HOURS = 168;

// Rows are JSON text; anything that does not parse to the expected type reads as the default, so a
// hand-edited or half-migrated row can never turn a setting into something unintended.
function parse<K extends SettingKey>(key: K, text: string): SettingValue<K> {
	const fallback = SETTING_DEFAULTS[key];
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return fallback;
	}
	if (typeof value !== typeof fallback) return fallback;
	if (key === 'door_window_hours') {
		const hours = value as number;
		if (!Number.isInteger(hours) || hours < DOOR_WINDOW_MIN_HOURS) return fallback;
		if (hours > DOOR_WINDOW_MAX_HOURS) return fallback;
	}
	return value as SettingValue<K>;
}

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<SettingValue<K>> {
	const [row] = await db.select().from(staffSetting).where(eq(staffSetting.key, key));
	return row ? parse(key, row.value) : SETTING_DEFAULTS[key];
}

export async function getSettings(db: Db): Promise<typeof SETTING_DEFAULTS> {
	const rows = await db.select().from(staffSetting);
	const values = { ...SETTING_DEFAULTS };
	for (const row of rows) {
		if (row.key in SETTING_DEFAULTS) {
			const key = row.key as SettingKey;
			(values as Record<SettingKey, unknown>)[key] = parse(key, row.value);
		}
	}
	return values;
}

/** Sets one setting and audits the change (only when the value actually changes). */
export async function setSetting<K extends SettingKey>(
	db: Db,
	key: K,
	value: SettingValue<K>,
	actor: Actor
): Promise<void> {
	const text = JSON.stringify(value);
	if (parse(key, text) !== value) throw new RangeError(`invalid value for ${key}: ${text}`);
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select()
			.from(staffSetting)
			.where(eq(staffSetting.key, key))
			.for('update');
		if (before?.value === text) return;
		await tx
			.insert(staffSetting)
			.values({ key, value: text })
			.onConflictDoUpdate({
				target: staffSetting.key,
				set: { value: text, updatedAt: sql`now()` }
			});
		await audit.record(tx, {
			action: 'staff_setting.changed',
			actor,
			subject: { type: 'staff_setting', id: key },
			details: { value }
		});
	});
}

/** Several settings from one form; each one that changes is audited on its own. */
export async function setSettings(
	db: Db,
	values: Partial<typeof SETTING_DEFAULTS>,
	actor: Actor
): Promise<void> {
	for (const key of Object.keys(values) as SettingKey[]) {
		await setSetting(db, key, values[key]!, actor);
	}
}
