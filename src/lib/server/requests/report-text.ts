import { formatDateTime, type Locale } from '../../datetime';
import { eventTitle } from '../../event-text';
import type { AccessReport } from './report';

const LABELS = {
	fi: {
		registrations: 'Tapahtumailmoittautumiset',
		groupsBooked: 'Tekemäsi ryhmäilmoittautumiset',
		attendees: 'Ilmoittamasi osallistujat',
		attends: 'Osallistut itse',
		mode: 'Valinta, jos kaikki eivät mahdu',
		registeredBy: 'Sinut ilmoitti',
		enteredByOthers: 'Muiden sinusta antamat tiedot',
		enteredBy: 'Ilmoittanut {by} {on}',
		yes: 'kyllä',
		no: 'ei',
		cancelledByYou: 'peruit',
		contacts: 'Yhteyshenkilötiedot asiakasrekisterissä',
		organisations: 'Organisaatiot',
		marketing: 'Suoramarkkinointiluvat ja -kiellot',
		current: 'Voimassa nyt',
		history: 'Historia',
		consentRequests: 'Uutiskirjeen tilausvahvistukset',
		requests: 'Tietopyyntösi',
		activity: 'Tietojesi käsittelytapahtumat',
		none: '(ei tietoja)',
		name: 'Nimi',
		email: 'Sähköposti',
		phone: 'Puhelin',
		address: 'Osoite',
		status: 'Tila',
		registered: 'Ilmoittautunut',
		checkedIn: 'Saapunut',
		deletedAfter: 'Poistetaan viimeistään',
		title: 'Tehtävänimike',
		organisation: 'Organisaatio',
		source: 'Lähde',
		basis: 'Käsittelyperuste',
		since: 'Rekisterissä alkaen',
		links: 'Voimassa olevia linkkejä',
		notice: 'Tietosuojaseloste',
		reminders: 'Muistutukset tapahtumasta',
		remindersSent: 'Lähetetyt muistutukset',
		messages: 'Saamasi viestit tapahtumasta',
		offer: 'Avoin paikkatarjous, vastattava viimeistään',
		on: 'päällä',
		off: 'pois päältä',
		marketingMessage: 'markkinointia',
		before_start: '{hours} h ennen alkua',
		after_end: '{hours} h päättymisen jälkeen',
		ticket: 'Lippu',
		ticket_valid: 'voimassa (versio {version})',
		ticket_void: 'mitätöity (versio {version})',
		ticket_note: 'lipun koodia ei tallenneta, vain sen yksisuuntainen tiiviste',
		checkIns: 'Sisäänkirjaukset ovella'
	},
	sv: {
		registrations: 'Anmälningar till evenemang',
		groupsBooked: 'Gruppanmälningar du har gjort',
		attendees: 'Deltagare du anmälde',
		attends: 'Du deltar själv',
		mode: 'Ditt val om alla inte ryms',
		registeredBy: 'Du anmäldes av',
		enteredByOthers: 'Uppgifter om dig som någon annan angav',
		enteredBy: 'Angivet av {by} {on}',
		yes: 'ja',
		no: 'nej',
		cancelledByYou: 'du annullerade',
		contacts: 'Kontaktpersonsuppgifter i kundregistret',
		organisations: 'Organisationer',
		marketing: 'Tillstånd och förbud för direktmarknadsföring',
		current: 'Gäller nu',
		history: 'Historik',
		consentRequests: 'Bekräftelser av nyhetsbrevsbeställningar',
		requests: 'Dina begäranden om uppgifter',
		activity: 'Vad som har gjorts med dina uppgifter',
		none: '(inga uppgifter)',
		name: 'Namn',
		email: 'E-post',
		phone: 'Telefon',
		address: 'Adress',
		status: 'Status',
		registered: 'Anmäld',
		checkedIn: 'Anlänt',
		deletedAfter: 'Raderas senast',
		title: 'Befattning',
		organisation: 'Organisation',
		source: 'Källa',
		basis: 'Rättslig grund',
		since: 'I registret sedan',
		links: 'Giltiga länkar',
		notice: 'Dataskyddsbeskrivning',
		reminders: 'Påminnelser om evenemanget',
		remindersSent: 'Skickade påminnelser',
		messages: 'Meddelanden du fått om evenemanget',
		offer: 'Öppet erbjudande om plats, svara senast',
		on: 'på',
		off: 'av',
		marketingMessage: 'marknadsföring',
		before_start: '{hours} h före början',
		after_end: '{hours} h efter slutet',
		ticket: 'Biljett',
		ticket_valid: 'giltig (version {version})',
		ticket_void: 'ogiltig (version {version})',
		ticket_note: 'biljettens kod sparas inte, endast en envägshash av den',
		checkIns: 'Incheckningar vid ingången'
	},
	en: {
		registrations: 'Event registrations',
		groupsBooked: 'Group registrations you made',
		attendees: 'Attendees you entered',
		attends: 'You attend yourself',
		mode: 'Your choice if not all fit',
		registeredBy: 'Registered by',
		enteredByOthers: 'Details others entered about you',
		enteredBy: 'Entered by {by} on {on}',
		yes: 'yes',
		no: 'no',
		cancelledByYou: 'you cancelled',
		contacts: 'Contact person records in the customer register',
		organisations: 'Organisations',
		marketing: 'Direct marketing permissions and prohibitions',
		current: 'In force now',
		history: 'History',
		consentRequests: 'Newsletter confirmation requests',
		requests: 'Your data requests',
		activity: 'What was done with your data',
		none: '(none)',
		name: 'Name',
		email: 'Email',
		phone: 'Phone',
		address: 'Address',
		status: 'Status',
		registered: 'Registered',
		checkedIn: 'Checked in',
		deletedAfter: 'Deleted at the latest',
		title: 'Job title',
		organisation: 'Organisation',
		source: 'Source',
		basis: 'Legal basis',
		since: 'In the register since',
		links: 'Active links',
		notice: 'Privacy notice',
		reminders: 'Reminders about the event',
		remindersSent: 'Reminders sent',
		messages: 'Messages you received about the event',
		offer: 'Open offer of a seat, answer by',
		on: 'on',
		off: 'off',
		marketingMessage: 'marketing',
		before_start: '{hours} h before the start',
		after_end: '{hours} h after the end',
		ticket: 'Ticket',
		ticket_valid: 'valid (version {version})',
		ticket_void: 'void (version {version})',
		ticket_note: 'the code is not stored, only a one-way hash of it',
		checkIns: 'Check-ins at the door'
	}
} satisfies Record<Locale, Record<string, string>>;

const VALUES = {
	fi: {
		confirmed: 'paikka vahvistettu',
		all_or_none: 'kaikki tai ei kukaan',
		fill_then_wait: 'paikat täyttöjärjestyksessä, loput jonoon',
		waitlisted: 'jonossa',
		cancelled: 'peruttu',
		granted: 'sallittu',
		withdrawn: 'suostumus peruttu',
		prohibited: 'kielletty',
		not_asked: 'ei kysytty',
		email: 'sähköposti',
		sms: 'tekstiviesti',
		phone: 'puhelin',
		post: 'posti',
		all: 'kaikki kanavat',
		access: 'tietojen tarkastus',
		rectification: 'tietojen oikaisu',
		erasure: 'tietojen poistaminen',
		objection: 'suoramarkkinoinnin vastustaminen',
		received: 'vastaanotettu',
		verifying: 'odottaa vahvistusta',
		verified: 'vahvistettu',
		completed: 'vastattu',
		rejected: 'hylätty',
		search: 'nimihaku',
		scan: 'lipun luku',
		offline: 'ovilaite ilman verkkoyhteyttä',
		accepted: 'kirjattu saapuneeksi',
		duplicate: 'oli jo kirjattu',
		refused: 'ei hyväksytty'
	},
	sv: {
		confirmed: 'plats bekräftad',
		all_or_none: 'alla eller ingen',
		fill_then_wait: 'platserna i tur och ordning, resten i kö',
		waitlisted: 'i kö',
		cancelled: 'annullerad',
		granted: 'tillåtet',
		withdrawn: 'samtycket återkallat',
		prohibited: 'förbjudet',
		not_asked: 'inte frågat',
		email: 'e-post',
		sms: 'sms',
		phone: 'telefon',
		post: 'post',
		all: 'alla kanaler',
		access: 'tillgång till uppgifter',
		rectification: 'rättelse av uppgifter',
		erasure: 'radering av uppgifter',
		objection: 'invändning mot direktmarknadsföring',
		received: 'mottagen',
		verifying: 'väntar på bekräftelse',
		verified: 'bekräftad',
		completed: 'besvarad',
		rejected: 'avslagen',
		search: 'namnsökning',
		scan: 'biljetten lästes',
		offline: 'dörrenhet utan nätförbindelse',
		accepted: 'registrerad som anländ',
		duplicate: 'redan registrerad',
		refused: 'inte godkänd'
	},
	en: {
		confirmed: 'seat confirmed',
		all_or_none: 'all or none',
		fill_then_wait: 'fill the seats, the rest to the waiting list',
		waitlisted: 'on the waiting list',
		cancelled: 'cancelled',
		granted: 'permitted',
		withdrawn: 'consent withdrawn',
		prohibited: 'prohibited',
		not_asked: 'not asked',
		email: 'email',
		sms: 'SMS',
		phone: 'phone',
		post: 'post',
		all: 'all channels',
		access: 'access to data',
		rectification: 'rectification',
		erasure: 'erasure',
		objection: 'objection to direct marketing',
		received: 'received',
		verifying: 'waiting for confirmation',
		verified: 'verified',
		completed: 'answered',
		rejected: 'refused',
		search: 'name search',
		scan: 'ticket scanned',
		offline: 'door device offline',
		accepted: 'checked in',
		duplicate: 'already checked in',
		refused: 'not accepted'
	}
} satisfies Record<Locale, Record<string, string>>;

/** The access report as plain text: the report email's body (the JSON is attached beside it). */
export function reportText(report: AccessReport, locale: Locale): string {
	const l = LABELS[locale];
	const v = (value: string) => (VALUES[locale] as Record<string, string>)[value] ?? value;
	const when = (value: string | null) => (value ? formatDateTime(new Date(value), locale) : '–');
	const lines: string[] = [];
	const section = (heading: string, items: string[][]) => {
		lines.push('', `== ${heading} ==`);
		if (items.length === 0) lines.push(l.none);
		for (const item of items) lines.push('', ...item.filter(Boolean));
	};
	const field = (label: string, value: string | null | undefined) =>
		value ? `${label}: ${value}` : '';

	section(
		l.registrations,
		report.registrations.map((r) => [
			`${eventTitle(r.event, locale)} (${when(r.event.startsAt)}, ${r.event.location})`,
			field(l.name, `${r.firstName} ${r.lastName}`),
			field(l.email, r.email),
			field(l.phone, r.phone),
			field(l.address, [r.street, r.postalCode, r.city].filter(Boolean).join(', ')),
			field(l.status, v(r.status)),
			field(l.registered, when(r.registeredAt)),
			field(
				l.registeredBy,
				r.registeredBy ? `${r.registeredBy.registeredBy}, ${when(r.registeredBy.on)}` : null
			),
			field(l.checkedIn, r.checkedInAt ? when(r.checkedInAt) : null),
			...(r.checkIns.length > 0 ? [`${l.checkIns}:`] : []),
			...r.checkIns.map((x) => `- ${when(x.at)}: ${v(x.outcome)} (${v(x.source)})`),
			field(
				l.ticket,
				r.ticket
					? `${l[`ticket_${r.ticket.state}`].replace('{version}', String(r.ticket.version))}; ${l.ticket_note}`
					: null
			),
			field(l.reminders, r.remindersEnabled ? l.on : l.off),
			field(l.offer, r.openOffer ? when(r.openOffer.expiresAt) : null),
			...(r.remindersSent.length > 0 ? [`${l.remindersSent}:`] : []),
			...r.remindersSent.map(
				(x) => `- ${when(x.sentAt)}: ${l[x.kind].replace('{hours}', String(x.hours))}`
			),
			...(r.messagesReceived.length > 0 ? [`${l.messages}:`] : []),
			...r.messagesReceived.map(
				(x) => `- ${when(x.sentAt)}: ${x.subject}${x.marketing ? ` (${l.marketingMessage})` : ''}`
			),
			field(l.deletedAfter, when(r.deletedAfter))
		])
	);
	section(
		l.groupsBooked,
		report.groupsBooked.map((g) => [
			`${eventTitle(g.event, locale)} (${when(g.event.startsAt)}, ${g.event.location})`,
			field(l.registered, when(g.bookedAt)),
			field(l.name, [g.booker.firstName, g.booker.lastName].filter(Boolean).join(' ')),
			field(l.email, g.booker.email),
			field(l.attends, g.attends ? l.yes : l.no),
			field(l.mode, v(g.mode)),
			`${l.attendees}:`,
			...g.attendees.map(
				(a) =>
					`- ${[a.firstName, a.lastName].filter(Boolean).join(' ') || '–'}${a.email ? `, ${a.email}` : ''}${a.cancelledByYou ? ` (${l.cancelledByYou})` : ''}`
			),
			field(l.deletedAfter, when(g.deletedAfter))
		])
	);
	section(
		l.enteredByOthers,
		report.enteredByOthers.map((e) => [
			`${eventTitle(e.event, locale)} (${when(e.event.startsAt)})`,
			`${l.enteredBy.replace('{by}', e.enteredBy).replace('{on}', when(e.on))}: ${[e.firstName, e.lastName].filter(Boolean).join(' ') || '–'}${e.email ? `, ${e.email}` : ''}`
		])
	);
	section(
		l.contacts,
		report.contacts.map((c) => [
			field(l.name, `${c.firstName} ${c.lastName}`),
			field(l.organisation, c.organisation?.name),
			field(l.title, c.title),
			field(l.email, c.email),
			field(l.phone, c.phone),
			field(l.source, c.source),
			field(l.basis, c.legalBasis),
			field(l.since, when(c.inRegisterSince))
		])
	);
	section(
		l.organisations,
		report.organisations.map((o) => [[o.name, o.businessId].filter(Boolean).join(', ')])
	);
	section(l.marketing, [
		[
			`${l.current}:`,
			...Object.entries(report.marketing.current).map(
				([channel, state]) =>
					`- ${v(channel)}: ${v(state.decision)}${state.since ? ` (${when(state.since)})` : ''}`
			)
		],
		[
			`${l.history}:`,
			...(report.marketing.history.length === 0 ? [l.none] : []),
			...report.marketing.history.map(
				(h) =>
					`- ${when(h.recordedAt)}: ${v(h.channel)}, ${v(h.decision)}${h.note ? ` – ${h.note}` : ''}`
			)
		]
	]);
	section(
		l.consentRequests,
		report.consentRequests.map((c) => [`${when(c.requestedAt)}: ${v(c.channel)}, ${c.email}`])
	);
	section(
		l.requests,
		report.requests.map((r) => [`${when(r.receivedAt)}: ${v(r.kind)} (${v(r.status)})`])
	);
	section(
		l.activity,
		report.activity.length === 0 ? [] : [report.activity.map((a) => `${when(a.at)}: ${a.action}`)]
	);
	lines.push('', `${l.links}: ${report.activeLinks}`);
	lines.push('', `${l.notice}: ${report.privacyNotice.url} (${report.privacyNotice.version})`);
	return lines.join('\n').trim();
}
