import { eq, sql } from 'drizzle-orm';
import { appMeta, event, person, registration, type NewEvent } from '../db/schema';
import type { Db } from '../db';
import { normaliseEmail } from '../person/email';
import { NOTICE_VERSION } from '../privacy/notice';
import { addDefaultReminders } from '../reminders/defaults';
import { seedDemoContacts } from './contacts';
import { withTicket } from '../tickets';
import { seedDemoRequests } from '../requests';
import { storeProcessedImage } from '../images';
import { DEMO_IMAGE_ALT, demoImage } from './image';

const DAY_MS = 86_400_000;
const SEEDED_KEY = 'demo.seeded';
/** The event shown nearly full: 19 of 20 seats taken. */
const NEARLY_FULL_SLUG = 'taloudellisen-ajon-koulutus';
/** The event shown with a picture (drawn in code: a truck, no people). */
const PICTURED_SLUG = 'truck-show-turku';

/** A day `days` from `now`, at the given Finnish local time (UTC+2 in winter, +3 in summer). */
function finnishTime(now: Date, days: number, hour: number, minute = 0): Date {
	const date = new Date(now.getTime() + days * DAY_MS);
	const day = date.toISOString().slice(0, 10);
	const utcGuess = new Date(
		`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`
	);
	const helsinkiHour = Number(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/Helsinki',
			hour: '2-digit',
			hourCycle: 'h23'
		}).format(utcGuess)
	);
	const offsetHours = (helsinkiHour - utcGuess.getUTCHours() + 24) % 24;
	return new Date(utcGuess.getTime() - offsetHours * 3_600_000);
}

const LOCATION = 'Wetteri Trucks, Pollenkuja 6, 20380 Turku';

export function demoEvents(now: Date): NewEvent[] {
	return [
		{
			slug: 'avoimet-ovet-turku',
			titleFi: 'Avoimet ovet Turun toimipisteessä',
			titleEn: 'Open house at our Turku branch',
			titleSv: 'Öppet hus på vårt kontor i Åbo',
			descriptionFi:
				'Tule tutustumaan uusiin jakelu- ja kaukoliikenneautoihin, huoltopalveluihin ja rahoitusvaihtoehtoihin. Tarjolla kahvia ja pullaa, koeajoja ajokortillisille.',
			descriptionEn:
				'See the new distribution and long-haul trucks, our service workshop and financing options. Coffee and pastries; test drives for licence holders.',
			descriptionSv:
				'Bekanta dig med de nya distributions- och fjärrtrafikbilarna, vår serviceverkstad och finansieringsalternativen. Kaffe och bulle; provkörningar för den som har körkort.',
			startsAt: finnishTime(now, 10, 10),
			endsAt: finnishTime(now, 10, 16),
			location: LOCATION,
			capacity: 120,
			phonePolicy: 'optional',
			addressPolicy: 'hidden',
			status: 'published',
			registrationClosesAt: finnishTime(now, 9, 23, 59)
		},
		{
			slug: 'taloudellisen-ajon-koulutus',
			titleFi: 'Taloudellisen ajon kuljettajakoulutus',
			titleEn: 'Fuel-efficient driving course for drivers',
			titleSv: 'Kurs i ekonomisk körning för förare',
			descriptionFi:
				'Puolen päivän koulutus ammattikuljettajille: ennakoiva ajotapa, vakionopeudensäädin ja vaihteiston käyttö raskaassa yhdistelmässä. Sisältää ajoharjoituksen kouluttajan kanssa.',
			descriptionEn:
				'A half-day course for professional drivers: anticipatory driving, cruise control and gearbox use in a heavy combination. Includes a practice drive with an instructor.',
			descriptionSv:
				'En halvdagskurs för yrkesförare: förutseende körning, farthållare och växellådan i en tung kombination. Med en övningskörning tillsammans med en instruktör.',
			startsAt: finnishTime(now, 17, 8, 30),
			endsAt: finnishTime(now, 17, 12, 30),
			location: LOCATION,
			capacity: 20,
			phonePolicy: 'required',
			addressPolicy: 'hidden',
			status: 'published'
		},
		{
			slug: 'truck-show-turku',
			titleFi: 'Wetteri Truck Show',
			titleEn: 'Wetteri Truck Show',
			titleSv: 'Wetteri Truck Show',
			descriptionFi:
				'Vuoden suurin kuorma-autonäyttely Turussa: uutuusmallit, sähkö- ja kaasukäyttöiset autot, päällirakenteet ja yhteistyökumppanien osastot.',
			descriptionEn:
				'The largest truck show of the year in Turku: new models, electric and gas-powered trucks, bodywork and our partners’ stands.',
			descriptionSv:
				'Årets största lastbilsutställning i Åbo: nya modeller, el- och gasdrivna bilar, påbyggnader och våra samarbetspartners montrar.',
			startsAt: finnishTime(now, 38, 9),
			endsAt: finnishTime(now, 39, 17),
			location: 'Turun Messukeskus, Messukentänkatu 9–13, 20210 Turku',
			capacity: 400,
			phonePolicy: 'optional',
			addressPolicy: 'optional',
			status: 'published'
		}
	];
}

const DEMO_NAMES: [string, string][] = [
	['Aino', 'Virtanen'],
	['Eero', 'Korhonen'],
	['Juha', 'Mäkinen'],
	['Laura', 'Nieminen'],
	['Mikko', 'Mäkelä'],
	['Sanna', 'Hämäläinen'],
	['Timo', 'Laine'],
	['Jari', 'Heikkinen'],
	['Heidi', 'Koskinen'],
	['Petri', 'Järvinen'],
	['Kari', 'Lehtonen'],
	['Minna', 'Lehtinen'],
	['Antti', 'Saarinen'],
	['Ville', 'Salminen'],
	['Satu', 'Heinonen'],
	['Jukka', 'Niemi'],
	['Markku', 'Heikkilä'],
	['Tiina', 'Kinnunen'],
	['Pekka', 'Salonen']
];

function ascii(name: string) {
	return name.toLowerCase().replace(/ä/g, 'a').replace(/ö/g, 'o');
}

export interface SeedResult {
	seeded: boolean;
	events: number;
	registrations: number;
}

/**
 * Demo events of the dealer, dates relative to `now`; the driver course has 19 of its 20 seats taken.
 * Idempotent: a database that was seeded once is left alone, even if its events were edited since.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<SeedResult> {
	return db.transaction(async (tx) => {
		// Serialises concurrent seeders (two app instances on one PostgreSQL).
		await tx.execute(sql`SELECT pg_advisory_xact_lock(74531103)`);
		const [done] = await tx.select().from(appMeta).where(eq(appMeta.key, SEEDED_KEY));
		if (done) return { seeded: false, events: 0, registrations: 0 };
		const picture = await demoImage();

		let registrations = 0;
		let courseId: string | null = null;
		for (const input of demoEvents(now)) {
			const [created] = await tx.insert(event).values(input).onConflictDoNothing().returning();
			// As createEvent does: each demo event reminds its registrants a day before it starts.
			if (created) await addDefaultReminders(tx, created.id);
			if (created?.slug === PICTURED_SLUG) {
				await storeProcessedImage(
					tx,
					created.id,
					picture,
					{ ...DEMO_IMAGE_ALT, people: 'none' },
					{ kind: 'cli' }
				);
			}
			if (!created || created.slug !== NEARLY_FULL_SLUG) continue;
			courseId = created.id;
			for (const [i, [firstName, lastName]] of DEMO_NAMES.entries()) {
				const [p] = await tx.insert(person).values({}).returning({ id: person.id });
				const email = `${ascii(firstName)}.${ascii(lastName)}@example.fi`;
				await tx.insert(registration).values(
					withTicket({
						eventId: created.id,
						personId: p!.id,
						firstName,
						lastName,
						email,
						emailNormalised: normaliseEmail(email),
						phone: `+35840${String(1000000 + i * 7919).slice(0, 7)}`,
						locale: 'fi',
						status: 'confirmed',
						noticeVersion: NOTICE_VERSION,
						purgeAfter: new Date(created.endsAt.getTime() + created.retentionDays * DAY_MS)
					})
				);
				registrations++;
			}
			await tx
				.update(event)
				.set({ confirmedCount: DEMO_NAMES.length })
				.where(eq(event.id, created.id));
		}
		await seedDemoContacts(tx, courseId);
		await seedDemoRequests(tx);
		await tx.insert(appMeta).values({ key: SEEDED_KEY, value: now.toISOString() });
		return { seeded: true, events: demoEvents(now).length, registrations };
	});
}
