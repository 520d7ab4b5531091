import type { Locale } from '../../datetime';

/**
 * The privacy notice, versioned. Finnish is authoritative; Swedish and English are translations. The
 * base text is the controller's seed notice, docs/tietosuojaseloste.txt (updated 10.6.2024); the
 * suffix counts Ilmo's own revisions of what it adds (Art. 13 items, requests in any form). Every
 * registration stores the version it was shown.
 */
export const NOTICE_VERSION = '2024-06-10.5';
/**
 * When the notice last changed: revision 4 said what a ticket is, that check-ins at the door are
 * recorded, what a door device holds and for how long, and that a stand may take sign-ups;
 * revision 5 names a group's booker as a source, how long the booker's contact details are kept,
 * and that event photos show identifiable people only with their consent.
 */
export const NOTICE_UPDATED = new Date('2026-12-07T00:00:00Z');

export interface NoticeSection {
	id: string;
	heading: string;
	paragraphs: string[];
	items?: string[];
}

const fi: NoticeSection[] = [
	{
		id: 'name',
		heading: 'Rekisterin nimi',
		paragraphs: ['Wetteri Trucks Oy:n asiakas- ja markkinointirekisteri']
	},
	{
		id: 'purpose',
		heading: 'Rekisterin käyttötarkoitus',
		paragraphs: [
			'Henkilötietoja käsitellään tilausten, luototuksen, laskutuksen, perinnän, yhteydenottojen, asioinnin, asiakaskyselyiden, palveluiden kehittämisen, raportoinnin, markkinoinnin ja muiden asiakkuuden hoitamiseen liittyvien toimenpiteiden yhteydessä.',
			'Rekisterissä käsiteltäviä osto- ja asiointitietoja voidaan käyttää markkinointitoimenpiteiden sekä asiakasviestinnän kohdentamiseksi. Henkilötietoja käsitellään myös uutiskirjeen lähettämisen ja muiden markkinointitoimenpiteiden yhteydessä.',
			'Tapahtumailmoittautumisen tietoja käytetään tapahtuman järjestämiseen: osallistujalistaan ja tapahtumaa koskeviin viesteihin. Niitä ovat vahvistus- ja peruutusviestit, ilmoitus tapahtuman ajan tai paikan muuttumisesta (päivitetyn kalenterimerkinnän kera), muistutukset ennen tapahtumaa, järjestäjän viestit tapahtuman osallistujille (esimerkiksi käytännön ohjeet tai tapahtuman jälkeen aineistot) sekä jonossa oleville ilmoitus paikan vahvistumisesta tai tarjous vapautuneesta paikasta, joka on otettava vastaan määräaikaan mennessä. Käsittelyn peruste on ilmoittautumisesi (sopimus tapahtumaan osallistumisesta). Muistutukset voit ottaa pois käytöstä omalla sivullasi, jonka linkki on jokaisessa viestissä.',
			'Vahvistetusta ilmoittautumisesta saat lipun: QR-koodin ja saman koodin tekstinä vahvistus- ja muistutusviesteissä sekä omalla sivullasi. Koodi muodostetaan ilmoittautumisesi tunnisteesta salaisella avaimella, eikä se kerro sinusta mitään. Koodia ei tallenneta, vaan siitä tallennetaan vain yksisuuntainen tiiviste, jolla lippu tunnistetaan ovella. Kun perut ilmoittautumisesi, lippu mitätöityy. Tapahtuman ovella kirjaamme saapumisesi: milloin saavuit, kuka henkilökunnastamme kirjasi sinut ja millä laitteella sekä tavan (nimihaku, lipun luku tai ilman verkkoyhteyttä toiminut ovilaite). Tämä sisäänkirjaushistoria säilytetään ilmoittautumisesi yhteydessä ja poistetaan sen mukana. Messuosastolla voit ilmoittautua myös henkilökuntamme laitteella (kioskitila); silloin tallennamme samat tiedot kuin verkossa ilmoittautuessasi.',
			'Ryhmäilmoittautumisessa ilmoittajan nimi ja sähköpostiosoite säilytetään ryhmän yhteystietona niin kauan kuin ryhmän ilmoittautumiset, ja ne poistetaan niiden mukana. Jokainen osallistuja on oma ilmoittautumisensa; osallistujalle, jonka sähköpostiosoite annettiin, lähetämme oman linkin ja tiedon siitä, kuka hänet ilmoitti. Tapahtumien sivuilla voi olla tapahtuman kuva. Kuvassa näkyy tunnistettavia henkilöitä vain heidän suostumuksellaan, ja kuva poistetaan tapahtuman tietojen mukana.',
			'Markkinointia sähköpostilla lähetämme vain, jos annat siihen erillisen suostumuksen. Jos osallistujille lähetettävä viesti on markkinointia (esimerkiksi uusi tuote tai toinen tapahtuma), se lähetetään vain niille, joiden suostumus on voimassa, ja siinä on henkilökohtainen linkki markkinoinnin lopettamiseen. Viesteissämme ei ole seurantakuvia eikä seurattavia linkkejä. Tapahtuman yhteyshenkilön nimi, sähköpostiosoite ja puhelinnumero näkyvät tapahtuman sivulla ja sen viesteissä, ja vastaukset tapahtuman viesteihin menevät hänelle.'
		]
	},
	{
		id: 'contents',
		heading: 'Rekisterin tietosisältö ja henkilötietoryhmät',
		paragraphs: [
			'Henkilöryhmät, joiden tietoja voidaan käsitellä, ovat rekisterinpitäjän asiakkaana olevan tai olleen työnantajayhteisön yhteyshenkilöt tai markkinointiluvan antaneet.',
			'Rekisterissä voidaan käsitellä muun muassa seuraaviin tietoryhmiin sisältyviä rekisterin käyttötarkoituksen kannalta tarpeellisia tietoja:'
		],
		items: [
			'a) rekisterinpitäjän asiakkaana olevan tai olleen työnantajayhteisön perustiedot, kuten nimi ja yhteystiedot (osoite, sähköpostiosoite, puhelinnumero) sekä yhteyshenkilön nimi ja yhteystiedot, y-tunnus',
			'b) rekisterinpitäjän ja rekisteröityjen väliseen asiakassuhteeseen liittyvät tiedot, kuten tilaustiedot, tiedot tapaamisista, mahdolliset suoramarkkinointiluvat ja -kiellot sekä osapuolten välinen muu yhteydenpito ja palveluun liittyvät tiedot.',
			'c) rekisterinpitäjän verkkosivuilla tapahtunut rekisteröidyn asiointitiedot eri sivustoilla, tieto käyttäytymisestä verkkosivustoilla sekä muut vastaavat ryhmittelytiedot, yhteydenotot asiakaspalveluun, sekä yhteydenotot muihin Wetteri Trucksin työntekijöihin ja palveluihin, sekä uutiskirjeen tilaamiseen liittyvät tiedot. Tämä ilmoittautumispalvelu ei kerää tällaisia tietoja: se ei käytä evästeitä, analytiikkaa eikä ulkopuolisia palveluja.',
			'd) rekisterinpitäjän tapahtumaan ilmoittautuneen rekisteröidyn etu- ja sukunimen, sekä mahdolliset yhteystiedot ja tapahtumaan annetut tiedot. Rekisteröidyn itsensä syöttämät ilmoittautumistiedot tapahtumaan saattaa sisältää mm. seuraavia tietoja: sähköposti, puhelinnumero, osoite.'
		]
	},
	{
		id: 'sources',
		heading: 'Säännönmukaiset tietolähteet',
		paragraphs: [
			'Asiakkaan ilmoittamat tiedot, asiakastietojärjestelmän ja laskutuksen tietokanta, verkkosivustojen, uutiskirjeiden käyttö- ja asiointitiedot, asiakkuudenhallinta- ja asiakaspalvelujärjestelmien tiedot sekä yhteistyökumppanit. Tapahtumailmoittautumisen tiedot saamme sinulta itseltäsi tai henkilöltä, joka ilmoitti sinut osana ryhmää (ilmoittaja, esimerkiksi kalustopäällikkö). Ilmoittaja näkee ja voi perua ryhmänsä ilmoittautumiset sellaisina kuin hän ne ilmoitti, mutta ei tietoihin myöhemmin itse tekemiäsi korjauksia.'
		]
	},
	{
		id: 'disclosures',
		heading: 'Säännönmukaiset tietojen luovutukset',
		paragraphs: [
			'Rekisterin pitäjä ei luovuta asiakkaiden henkilötietoja ulkopuolisille.',
			'Rekisteristä ei siirretä tietoja Euroopan unionin tai Euroopan talousalueen ulkopuolelle.'
		]
	},
	{
		id: 'security',
		heading: 'Rekisterin suojauksen periaatteet',
		paragraphs: [
			'Rekisterin tietokanta ja varmuuskopiointiarkisto sijaitsevat MX Softwaren palvelimella. Palvelimen tietoturva on varmistettu yleisesti hyväksyttävällä tasolla.',
			'Pääsy rekisterin sisältävään tietokantaan, sekä sähköpostitiliin, jonne tiedot lähetetään, on rajoitettu käyttäjätunnuksella ja salasanalla eikä ulkopuolisilla ole näihin pääsyä.',
			'Rekisteritietoihin pääsee käsiksi ainoastaan rekisterinpitäjä ja erikseen nimetyt tekniset henkilöt. Ainoastaan nimetyillä henkilöillä on oikeus käsitellä ja ylläpitää rekisterin tietoja.',
			'Käyttäjiä sitoo vaitiolovelvollisuus.',
			'Rekisteritiedot varmuuskopioidaan turvallisesti ja ne ovat palautettavissa tarpeen tullen. Tietoturvan taso auditoidaan toistuvin väliajoin joko ulkoisen tai sisäisen auditoinnin avulla.',
			'Ovella käytettävälle laitteelle voidaan tallentaa tapahtumapäiväksi tapahtuman osallistujalista, jotta sisäänkirjaus toimii myös ilman verkkoyhteyttä. Lista sisältää vain nimet, organisaatiot ja lippujen koodien tiivisteet, ei sähköpostiosoitteita, puhelinnumeroita eikä osoitteita. Lista on salattu laitteella ovihenkilökunnan asettamalla PIN-koodilla, ja se poistetaan laitteelta tapahtumapäivän jälkeen, uloskirjautuessa tai kun istunto päättyy.'
		]
	}
];

const sv: NoticeSection[] = [
	{
		id: 'name',
		heading: 'Registrets namn',
		paragraphs: ['Wetteri Trucks Oy:s kund- och marknadsföringsregister']
	},
	{
		id: 'purpose',
		heading: 'Ändamålet med registret',
		paragraphs: [
			'Personuppgifter behandlas i samband med beställningar, kreditgivning, fakturering, indrivning, kontakter, kundbesök, kundenkäter, utveckling av tjänster, rapportering, marknadsföring och andra åtgärder som hänför sig till skötseln av kundrelationen.',
			'Köp- och besöksuppgifter som behandlas i registret kan användas för att rikta marknadsföringsåtgärder och kundkommunikation. Personuppgifter behandlas också i samband med utskick av nyhetsbrevet och andra marknadsföringsåtgärder.',
			'Uppgifterna om en anmälan till ett evenemang används för att ordna evenemanget: för deltagarlistan och för meddelanden om evenemanget. Sådana är bekräftelser och meddelanden om avanmälan, meddelanden om att evenemangets tid eller plats har ändrats (med en uppdaterad kalenderpost), påminnelser före evenemanget, arrangörens meddelanden till deltagarna (till exempel praktiska anvisningar eller material efter evenemanget) samt, för den som står i kö, ett meddelande om att platsen har bekräftats eller ett erbjudande om en ledig plats som ska tas emot inom en viss tid. Grunden för behandlingen är din anmälan (ett avtal om deltagande i evenemanget). Påminnelserna kan du stänga av på din egen sida; länken till den finns i varje meddelande.',
			'För en bekräftad anmälan får du en biljett: en QR-kod och samma kod som text i bekräftelse- och påminnelsemeddelandena och på din egen sida. Koden bildas av din anmälans identifierare med en hemlig nyckel och säger ingenting om dig. Koden sparas inte, vi sparar endast en envägshash av den, med vilken biljetten känns igen vid ingången. Om du avanmäler dig blir biljetten ogiltig. Vid evenemangets ingång registrerar vi att du har anlänt: när du kom, vem i vår personal som registrerade dig och med vilken enhet samt på vilket sätt (namnsökning, biljettläsning eller en dörrenhet som fungerade utan nätförbindelse). Denna incheckningshistorik sparas tillsammans med din anmälan och raderas med den. Vid en mässmonter kan du också anmäla dig på vår personals enhet (kioskläge); då sparar vi samma uppgifter som när du anmäler dig på webben.',
			'Vid en gruppanmälan sparas anmälarens namn och e-postadress som gruppens kontaktuppgifter lika länge som gruppens anmälningar, och de raderas med dem. Varje deltagare är en egen anmälan; en deltagare vars e-postadress angavs får av oss en egen länk och uppgift om vem som anmälde hen. På evenemangens sidor kan det finnas en bild av evenemanget. På bilden syns identifierbara personer endast med deras samtycke, och bilden raderas med evenemangets uppgifter.',
			'Marknadsföring per e-post skickar vi endast om du ger ett separat samtycke till det. Om ett meddelande till deltagarna är marknadsföring (till exempel en ny produkt eller ett annat evenemang), skickas det endast till dem vars samtycke gäller, och det innehåller en personlig länk för att avsluta marknadsföringen. Våra meddelanden innehåller inga spårningsbilder och inga spårade länkar. Namn, e-postadress och telefonnummer till evenemangets kontaktperson visas på evenemangets sida och i dess meddelanden, och svar på evenemangets meddelanden går till kontaktpersonen.'
		]
	},
	{
		id: 'contents',
		heading: 'Registrets datainnehåll och kategorier av registrerade',
		paragraphs: [
			'De personkategorier vars uppgifter kan behandlas är kontaktpersoner för arbetsgivarorganisationer som är eller har varit kunder hos den personuppgiftsansvarige samt personer som har gett tillstånd till marknadsföring.',
			'I registret kan bland annat följande uppgifter som behövs för registrets ändamål behandlas, inom följande uppgiftskategorier:'
		],
		items: [
			'a) grunduppgifter om en arbetsgivarorganisation som är eller har varit kund hos den personuppgiftsansvarige, såsom namn och kontaktuppgifter (adress, e-postadress, telefonnummer) samt kontaktpersonens namn och kontaktuppgifter, FO-nummer',
			'b) uppgifter som hänför sig till kundrelationen mellan den personuppgiftsansvarige och de registrerade, såsom beställningsuppgifter, uppgifter om möten, eventuella tillstånd och förbud för direktmarknadsföring samt annan kontakt mellan parterna och uppgifter som hänför sig till tjänsten.',
			'c) den registrerades besöksuppgifter på den personuppgiftsansvariges olika webbplatser, uppgifter om beteende på webbplatserna och andra motsvarande grupperingsuppgifter, kontakter med kundtjänsten och med andra anställda och tjänster hos Wetteri Trucks samt uppgifter som hänför sig till beställningen av nyhetsbrevet. Den här anmälningstjänsten samlar inte in sådana uppgifter: den använder inga kakor, ingen analys och inga utomstående tjänster.',
			'd) för- och efternamn på en registrerad som har anmält sig till den personuppgiftsansvariges evenemang samt eventuella kontaktuppgifter och uppgifter som getts för evenemanget. De anmälningsuppgifter som den registrerade själv matar in för evenemanget kan bland annat omfatta följande uppgifter: e-post, telefonnummer, adress.'
		]
	},
	{
		id: 'sources',
		heading: 'Regelmässiga uppgiftskällor',
		paragraphs: [
			'Uppgifter som kunden har lämnat, kundinformationssystemets och faktureringens databas, användnings- och besöksuppgifter för webbplatser och nyhetsbrev, uppgifter från system för kundrelationshantering och kundtjänst samt samarbetspartner. Uppgifterna om en anmälan till ett evenemang får vi av dig själv eller av den person som anmälde dig som en del av en grupp (anmälaren, till exempel en fordonsansvarig). Anmälaren ser och kan annullera gruppens anmälningar så som hen anmälde dem, men inte de rättelser som du själv gör senare.'
		]
	},
	{
		id: 'disclosures',
		heading: 'Regelmässiga utlämnanden av uppgifter',
		paragraphs: [
			'Den personuppgiftsansvarige lämnar inte ut kundernas personuppgifter till utomstående.',
			'Uppgifter ur registret överförs inte utanför Europeiska unionen eller Europeiska ekonomiska samarbetsområdet.'
		]
	},
	{
		id: 'security',
		heading: 'Principer för skyddet av registret',
		paragraphs: [
			'Registrets databas och arkivet för säkerhetskopior finns på MX Softwares server. Serverns datasäkerhet har säkerställts på en allmänt godtagbar nivå.',
			'Åtkomsten till databasen som innehåller registret, och till det e-postkonto dit uppgifterna skickas, är begränsad med användarnamn och lösenord, och utomstående har ingen åtkomst till dem.',
			'Endast den personuppgiftsansvarige och särskilt utsedda tekniska personer har åtkomst till registeruppgifterna. Endast utsedda personer har rätt att behandla och upprätthålla uppgifterna i registret.',
			'Användarna har tystnadsplikt.',
			'Registeruppgifterna säkerhetskopieras på ett säkert sätt och kan återställas vid behov. Datasäkerhetens nivå granskas med jämna mellanrum genom extern eller intern revision.',
			'På en enhet som används vid ingången kan evenemangets deltagarlista sparas för evenemangsdagen, så att incheckningen fungerar även utan nätförbindelse. Listan innehåller endast namn, organisationer och hashar av biljettkoderna, inga e-postadresser, telefonnummer eller adresser. Listan är krypterad på enheten med en PIN-kod som dörrpersonalen anger, och den raderas från enheten efter evenemangsdagen, vid utloggning eller när sessionen upphör.'
		]
	}
];

const en: NoticeSection[] = [
	{
		id: 'name',
		heading: 'Name of the register',
		paragraphs: ['Customer and marketing register of Wetteri Trucks Oy']
	},
	{
		id: 'purpose',
		heading: 'Purpose of the register',
		paragraphs: [
			'Personal data is processed for orders, credit, invoicing, debt collection, contacts, customer visits, customer surveys, service development, reporting, marketing and other measures of managing the customer relationship.',
			'Purchase and visit data in the register may be used to target marketing and customer communication. Personal data is also processed for sending the newsletter and for other marketing.',
			'Event registration data is used to run the event: the attendee list and messages about the event. These are confirmations and cancellation messages, notice that the event’s time or place has changed (with an updated calendar entry), reminders before the event, the organiser’s messages to attendees (for example practical instructions, or materials after the event) and, if you are on the waiting list, word that your seat is confirmed or an offer of a freed seat to accept by a deadline. The legal basis is your registration (an agreement to take part in the event). You can turn reminders off on your own page; its link is in every message.',
			'A confirmed registration gets a ticket: a QR code, with the same code as text, in the confirmation and reminder messages and on your own page. The code is derived from your registration’s identifier with a secret key and says nothing about you. The code itself is not stored, only a one-way hash of it, by which the ticket is recognised at the door. If you cancel, the ticket becomes void. At the event’s door we record your arrival: when you arrived, which of our staff checked you in and on which device, and how (name search, ticket scan, or a door device working without a network connection). This check-in history is kept with your registration and deleted with it. At a stand at a fair you can also register on our staff’s device (kiosk mode); we then store the same data as when you register online.',
			'In a group registration, the booker’s name and email address are kept as the group’s contact for as long as the group’s registrations, and deleted with them. Each attendee is a registration of their own; an attendee whose email address was given gets their own link from us and word of who registered them. Event pages may show a photo of the event. A photo shows identifiable people only with their consent, and it is deleted with the event’s data.',
			'We send marketing by email only if you give separate consent to it. If a message to attendees is marketing (for example a new product or another event), it goes only to those whose consent is in force, with a personal link to stop marketing. Our messages carry no tracking images and no tracked links. The name, email address and phone number of the event’s contact person are shown on the event page and in its messages, and replies to the event’s messages go to them.'
		]
	},
	{
		id: 'contents',
		heading: 'Data content and categories of data subjects',
		paragraphs: [
			'The data subjects are contact persons of organisations that are or have been customers of the controller, and people who have given marketing permission.',
			'The register may contain, among others, the following data needed for its purposes:'
		],
		items: [
			'a) basic details of organisations that are or have been customers of the controller, such as name and contact details (address, email address, phone number), the contact person’s name and contact details, and the business ID',
			'b) data on the customer relationship between the controller and the data subjects, such as orders, meetings, any direct-marketing permissions and prohibitions, other correspondence between the parties and service-related data.',
			'c) the data subject’s visits to the controller’s websites, behaviour on the websites and similar segmentation data, contacts with customer service and with other Wetteri Trucks employees and services, and newsletter subscription data. This registration service collects no such data: it uses no cookies, no analytics and no third-party services.',
			'd) the first and last name of a data subject who has registered for the controller’s event, any contact details and the information given for the event. Registration details entered by the data subjects themselves may include, for example: email, phone number, address.'
		]
	},
	{
		id: 'sources',
		heading: 'Regular sources of data',
		paragraphs: [
			'Data given by the customer, the customer information and invoicing database, use and visit data of websites and newsletters, data from customer relationship management and customer service systems, and partners. Event registration data comes from you, or from the person who registered you as part of a group (the booker, for example a fleet manager). The booker sees and can cancel the group’s registrations as they entered them, but not corrections you make yourself later.'
		]
	},
	{
		id: 'disclosures',
		heading: 'Regular disclosures of data',
		paragraphs: [
			'The controller does not disclose customers’ personal data to outside parties.',
			'No data is transferred outside the European Union or the European Economic Area.'
		]
	},
	{
		id: 'security',
		heading: 'Principles of protecting the register',
		paragraphs: [
			'The register’s database and backup archive are on MX Software’s server. The server’s security is ensured at a generally accepted level.',
			'Access to the database holding the register, and to the email account the data is sent to, is restricted by username and password, and outsiders have no access to them.',
			'Only the controller and specifically named technical persons can access the register. Only named persons have the right to process and maintain the register’s data.',
			'Users are bound by confidentiality.',
			'The register is backed up securely and can be restored when needed. The level of security is audited at regular intervals by external or internal audit.',
			'A device used at the door may hold the event’s attendee list for the event’s day, so that check-in works without a network connection. The list holds only names, organisations and hashes of the ticket codes, no email addresses, phone numbers or addresses. It is encrypted on the device with a PIN set by the door staff, and it is wiped from the device after the event’s day, at sign-out, or when the session ends.'
		]
	}
];

const SECTIONS = { fi, sv, en } satisfies Record<Locale, NoticeSection[]>;

export function noticeSections(locale: Locale): NoticeSection[] {
	return SECTIONS[locale];
}
