import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import type { Locale } from '../../datetime';
import { config } from '../config';
import type { Db, Tx } from '../db';
import { wording } from '../db/schema';

interface WordingDefinition {
	/** Bump when the text changes, like NOTICE_VERSION: every decision points at what it was shown. */
	version: string;
	text: Record<Locale, (controller: string) => string>;
}

/**
 * Texts a person agrees to or refuses. Each names the controller, the channel, what will be sent
 * and how to withdraw (Art. 7(2) and (3)), and says consent is no condition of signing up.
 */
export const WORDINGS = {
	news_by_email: {
		version: '2026-11-24.1',
		text: {
			fi: (controller) =>
				`Suostun siihen, että ${controller} (rekisterinpitäjä) lähettää minulle sähköpostitse uutisia kuorma-autotapahtumista sekä tarjouksia ja tietoa palveluistaan. Voin perua suostumukseni milloin tahansa jokaisen viestin lopussa olevasta linkistä, omien tietojeni sivulta tai pyytämällä sitä rekisterinpitäjältä. Suostumus ei ole ilmoittautumisen ehto.`,
			sv: (controller) =>
				`Jag samtycker till att ${controller} (personuppgiftsansvarig) skickar mig nyheter per e-post om lastbilsevenemang samt erbjudanden och information om sina tjänster. Jag kan när som helst återkalla mitt samtycke via länken i slutet av varje meddelande, på sidan med mina egna uppgifter eller genom att begära det av den personuppgiftsansvarige. Samtycket är inget villkor för anmälan.`,
			en: (controller) =>
				`I agree that ${controller} (the controller) may send me news by email about truck events, and offers and information about its services. I can withdraw my consent at any time with the link at the end of every message, on my own data page, or by asking the controller. Consent is not a condition of signing up.`
		}
	}
} satisfies Record<string, WordingDefinition>;

export type WordingKey = keyof typeof WORDINGS;

export interface WordingText {
	key: WordingKey;
	/**
	 * The code version plus a fingerprint of the text: the controller's name comes from
	 * configuration, and a deployment that sets another one must not claim a text it never showed.
	 */
	version: string;
	locale: Locale;
	text: string;
}

function fingerprint(text: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(text))).slice(0, 8);
}

/** The text as it is shown now, for a form or a page to display beside the choice. */
export function wordingFor(
	key: WordingKey,
	locale: Locale,
	controller: string = config().controller.name
): WordingText {
	const definition: WordingDefinition = WORDINGS[key];
	const text = definition.text[locale](controller);
	return { key, version: `${definition.version}#${fingerprint(text)}`, locale, text };
}

/**
 * The id of the stored copy of a text, inserting it on first use. A version is stored once and
 * referenced by every request and decision made under it.
 */
export async function ensureWording(
	tx: Db | Tx,
	key: WordingKey,
	locale: Locale,
	controller?: string
): Promise<string> {
	const shown = wordingFor(key, locale, controller);
	const [inserted] = await tx
		.insert(wording)
		.values(shown)
		.onConflictDoNothing({ target: [wording.key, wording.version, wording.locale] })
		.returning({ id: wording.id });
	if (inserted) return inserted.id;
	const [existing] = await tx
		.select({ id: wording.id })
		.from(wording)
		.where(
			and(eq(wording.key, key), eq(wording.version, shown.version), eq(wording.locale, locale))
		);
	return existing!.id;
}
