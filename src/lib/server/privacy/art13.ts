import type { Locale } from '../../datetime';
import type { Event, FieldPolicy } from '../db/schema';
import { localised } from '../../event-text';

/** What the app itself knows and Art. 13 requires: fields asked per event, retention, rights. */
export interface EventFields {
	title: string;
	/** The title's real language: Finnish when the event has no title in the page's language. */
	titleLang: Locale;
	retentionDays: number;
	fields: { label: string; policy: 'required' | 'optional' }[];
}

const labels = {
	fi: {
		firstName: 'etunimi',
		lastName: 'sukunimi',
		email: 'sähköposti',
		phone: 'puhelinnumero',
		address: 'osoite (katuosoite, postinumero, postitoimipaikka)'
	},
	sv: {
		firstName: 'förnamn',
		lastName: 'efternamn',
		email: 'e-post',
		phone: 'telefonnummer',
		address: 'adress (gatuadress, postnummer, postort)'
	},
	en: {
		firstName: 'first name',
		lastName: 'last name',
		email: 'email',
		phone: 'phone number',
		address: 'address (street, postal code, city)'
	}
} satisfies Record<Locale, Record<string, string>>;

export function eventFields(events: Event[], locale: Locale): EventFields[] {
	const l = labels[locale];
	return events.map((e) => {
		const fields: EventFields['fields'] = [
			{ label: l.firstName, policy: 'required' },
			{ label: l.lastName, policy: 'required' },
			{ label: l.email, policy: 'required' }
		];
		const add = (label: string, policy: FieldPolicy) => {
			if (policy !== 'hidden') fields.push({ label, policy });
		};
		add(l.phone, e.phonePolicy);
		add(l.address, e.addressPolicy);
		const { title, titleLang } = localised(e, locale);
		return { title, titleLang, retentionDays: e.retentionDays, fields };
	});
}

const RIGHTS = {
	fi: [
		'Oikeus tarkastaa tiedot: näet, mitä tietoja sinusta on. Jokaisen lähettämämme sähköpostin linkki näyttää ne heti ja antaa ladata ne.',
		'Oikeus tietojen oikaisuun: voit korjata virheelliset tai puutteelliset tiedot samalla sivulla tai pyytämällä meiltä.',
		'Oikeus tietojen poistamiseen: tietosi poistetaan, kun niiden säilyttämiselle ei ole enää perustetta, esimerkiksi kun perut ilmoittautumisesi.',
		'Oikeus käsittelyn rajoittamiseen: voit pyytää, että tietojasi vain säilytetään sillä aikaa, kun oikaisu- tai vastustamispyyntöä selvitetään.',
		'Vastustamisoikeus: voit vastustaa oikeutettuun etuun perustuvaa käsittelyä ja milloin tahansa kaikkea suoramarkkinointia; suoramarkkinoinnin kielto noudatetaan aina, ja se jää muistiin, jotta markkinointi ei ala uudelleen.',
		'Oikeus siirtää tiedot: saat antamasi tiedot koneluettavassa muodossa (JSON).',
		'Suostumuksen peruuttaminen: voit peruuttaa suostumuksen milloin tahansa yhtä helposti kuin annoit sen; peruutus ei vaikuta sitä ennen tehtyyn käsittelyyn.',
		'Valitusoikeus: voit tehdä valituksen valvontaviranomaiselle, tietosuojavaltuutetun toimistolle (tietosuoja.fi).'
	],
	sv: [
		'Rätt till tillgång: du ser vilka uppgifter vi har om dig. Länken i varje e-postmeddelande vi skickar visar dem genast och låter dig ladda ner dem.',
		'Rätt till rättelse: du kan rätta felaktiga eller ofullständiga uppgifter på samma sida eller genom att be oss om det.',
		'Rätt till radering: dina uppgifter raderas när det inte längre finns grund för att spara dem, till exempel när du avanmäler dig.',
		'Rätt till begränsning av behandling: du kan begära att dina uppgifter endast lagras medan en begäran om rättelse eller en invändning utreds.',
		'Rätt att invända: du kan invända mot behandling som grundar sig på berättigat intresse och när som helst mot all direktmarknadsföring; ett förbud mot direktmarknadsföring respekteras alltid och sparas, så att marknadsföringen inte börjar på nytt.',
		'Rätt till dataportabilitet: du får de uppgifter du har lämnat i maskinläsbar form (JSON).',
		'Återkallande av samtycke: du kan när som helst återkalla ett samtycke lika enkelt som du gav det; återkallandet påverkar inte behandling som skett före det.',
		'Rätt att lämna klagomål: du kan lämna ett klagomål till tillsynsmyndigheten, dataombudsmannens byrå (tietosuoja.fi).'
	],
	en: [
		'Access: see what data we hold about you. The link in every email we send shows it at once, and lets you download it.',
		'Rectification: correct wrong or incomplete data, on the same page or by asking us.',
		'Erasure: have your data deleted when there is no longer a reason to keep it, for example by cancelling your registration.',
		'Restriction: ask us to only store your data while a correction or objection is being resolved.',
		'Objection: object to processing based on legitimate interest, and object at any time to all direct marketing; an objection to direct marketing is always honoured and stays recorded so that marketing does not resume.',
		'Portability: receive the data you gave us in a machine-readable form (JSON).',
		'Withdrawal of consent: withdraw any consent at any time, as easily as you gave it; this does not affect processing before the withdrawal.',
		'Complaint: lodge a complaint with the supervisory authority, the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto, tietosuoja.fi).'
	]
} satisfies Record<Locale, string[]>;

export function rights(locale: Locale): string[] {
	return RIGHTS[locale];
}

const IN_ANY_FORM = {
	fi: (email: string, phone: string) =>
		`Voit esittää minkä tahansa näistä pyynnöistä missä muodossa tahansa: sähköpostiemme linkin kautta, sähköpostilla osoitteeseen ${email}, puhelimitse numeroon ${phone}, kirjeellä tai paikan päällä. Vastaamme kuukauden kuluessa.`,
	sv: (email: string, phone: string) =>
		`Du kan framföra vilken som helst av dessa begäranden i vilken form som helst: via länken i våra e-postmeddelanden, per e-post till ${email}, per telefon på ${phone}, per brev eller på plats. Vi svarar inom en månad.`,
	en: (email: string, phone: string) =>
		`You can make any of these requests in any form: through the link in our emails, by email to ${email}, by phone on ${phone}, by letter or in person. We answer within one month.`
} satisfies Record<Locale, (email: string, phone: string) => string>;

export function requestsInAnyForm(locale: Locale, email: string, phone: string): string {
	return IN_ANY_FORM[locale](email, phone);
}
