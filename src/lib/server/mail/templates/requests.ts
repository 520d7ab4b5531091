import { formatDateTime, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import type { RequestKind } from '../../db/schema';
import { escapeHtml, renderHtmlLayout } from './layout';

interface Controller {
	name: string;
	email: string;
}

export interface VerificationMailInput {
	locale: Locale;
	to: string;
	controller: Controller;
	kind: RequestKind;
	verifyUrl: string;
	expiresAt: Date;
}

export interface ReportMailInput {
	locale: Locale;
	to: string;
	controller: Controller;
	/** The access report as JSON, attached as a file. */
	json: string;
	/** The report as plain text, the message body. */
	text: string;
	generatedAt: Date;
}

const KIND = {
	fi: {
		access: 'saada jäljennös kaikista sinusta tallennetuista tiedoista',
		rectification: 'korjata sinusta tallennettuja tietoja',
		erasure: 'poistaa sinusta tallennetut tiedot',
		objection: 'vastustaa tietojesi käsittelyä suoramarkkinointiin'
	},
	sv: {
		access: 'få en kopia av alla uppgifter som har sparats om dig',
		rectification: 'rätta uppgifter som har sparats om dig',
		erasure: 'radera uppgifter som har sparats om dig',
		objection: 'invända mot att dina uppgifter används för direktmarknadsföring'
	},
	en: {
		access: 'receive a copy of all the data we hold about you',
		rectification: 'correct the data we hold about you',
		erasure: 'erase the data we hold about you',
		objection: 'object to the use of your data for direct marketing'
	}
} satisfies Record<Locale, Record<RequestKind, string>>;

const TEXTS = {
	fi: {
		subject: (c: string) => `Vahvista tietopyyntösi: ${c}`,
		greeting: 'Hei,',
		lead: (c: string, what: string) =>
			`${c} on vastaanottanut pyynnön ${what}. Varmistamme ennen vastaamista, että pyyntö tulee sinulta: vahvista se alla olevasta linkistä ja painamalla sivulla olevaa painiketta.`,
		confirm: 'Vahvista pyyntö',
		validity: (until: string) => `Linkki on voimassa ${until} asti.`,
		ignore: (email: string) =>
			`Jos et tehnyt tällaista pyyntöä, älä vahvista sitä. Voit kertoa asiasta meille osoitteeseen ${email}.`,
		footer: 'Tämä viesti lähetettiin osoitteeseen, joka on tallennettu tietoihisi.',
		reportSubject: (c: string) => `Tiedot, jotka ${c} on sinusta tallentanut`,
		reportLead: (c: string, at: string) =>
			`pyysit jäljennöstä tiedoista, jotka ${c} on sinusta tallentanut. Tässä ne ovat ${at} tilanteen mukaan. Sama sisältö on liitteenä koneluettavassa muodossa (JSON).`,
		reportFooter: 'Tämä viesti lähetettiin vain osoitteeseen, josta vahvistit pyyntösi.',
		questions: (email: string) => `Kysymykset ja korjauspyynnöt: ${email}.`
	},
	sv: {
		subject: (c: string) => `Bekräfta din begäran om uppgifter: ${c}`,
		greeting: 'Hej!',
		lead: (c: string, what: string) =>
			`${c} har tagit emot en begäran om att ${what}. Innan vi svarar försäkrar vi oss om att begäran kommer från dig: bekräfta den via länken nedan och med knappen på sidan.`,
		confirm: 'Bekräfta begäran',
		validity: (until: string) => `Länken är giltig till ${until}.`,
		ignore: (email: string) =>
			`Om du inte har gjort en sådan begäran ska du inte bekräfta den. Du kan meddela oss på ${email}.`,
		footer: 'Det här meddelandet skickades till den adress som finns i dina uppgifter.',
		reportSubject: (c: string) => `Uppgifter som ${c} har sparat om dig`,
		reportLead: (c: string, at: string) =>
			`Du bad om en kopia av de uppgifter som ${c} har sparat om dig. Här är de enligt läget ${at}. Samma innehåll finns som bilaga i maskinläsbar form (JSON).`,
		reportFooter:
			'Det här meddelandet skickades endast till den adress som du bekräftade din begäran från.',
		questions: (email: string) => `Frågor och begäranden om rättelse: ${email}.`
	},
	en: {
		subject: (c: string) => `Confirm your data request: ${c}`,
		greeting: 'Hello,',
		lead: (c: string, what: string) =>
			`${c} has received a request to ${what}. Before we answer, we make sure the request comes from you: please confirm it with the link below and the button on that page.`,
		confirm: 'Confirm the request',
		validity: (until: string) => `The link is valid until ${until}.`,
		ignore: (email: string) =>
			`If you did not make such a request, do not confirm it. You can let us know at ${email}.`,
		footer: 'This message was sent to the address held in your records.',
		reportSubject: (c: string) => `The data ${c} holds about you`,
		reportLead: (c: string, at: string) =>
			`you asked for a copy of the data ${c} holds about you. Here it is, as it stood on ${at}. The same content is attached in a machine-readable form (JSON).`,
		reportFooter: 'This message was sent only to the address your request was confirmed from.',
		questions: (email: string) => `Questions and corrections: ${email}.`
	}
} satisfies Record<Locale, unknown>;

/** The link that proves the requester controls the email on record, before anything is answered. */
export function renderVerificationMail(input: VerificationMailInput): OutboxMessage {
	const t = TEXTS[input.locale];
	const name = input.controller.name;
	const subject = t.subject(name);
	const lead = t.lead(name, KIND[input.locale][input.kind]);
	const validity = t.validity(formatDateTime(input.expiresAt, input.locale));
	const ignore = t.ignore(input.controller.email);
	const text = [
		t.greeting,
		lead,
		'',
		`${t.confirm}:`,
		input.verifyUrl,
		validity,
		'',
		ignore,
		'',
		name,
		'',
		'--',
		t.footer
	].join('\n');
	const html = renderHtmlLayout({
		lang: input.locale,
		title: subject,
		body: `<p>${escapeHtml(t.greeting)}<br>${escapeHtml(lead)}</p>
<p><a href="${escapeHtml(input.verifyUrl)}">${escapeHtml(t.confirm)}</a></p>
<p>${escapeHtml(validity)}</p>
<p>${escapeHtml(ignore)}</p>
<p>${escapeHtml(name)}</p>`,
		footer: t.footer
	});
	return { to: input.to, subject, text, html, attachments: [] };
}

/** The access report (Art. 15(3)): readable text in the body, the JSON export attached. */
export function renderReportMail(input: ReportMailInput): OutboxMessage {
	const t = TEXTS[input.locale];
	const name = input.controller.name;
	const subject = t.reportSubject(name);
	const lead = t.reportLead(name, formatDateTime(input.generatedAt, input.locale));
	const questions = t.questions(input.controller.email);
	const text = [
		t.greeting,
		lead,
		'',
		input.text,
		'',
		questions,
		'',
		name,
		'',
		'--',
		t.reportFooter
	].join('\n');
	const html = renderHtmlLayout({
		lang: input.locale,
		title: subject,
		body: `<p>${escapeHtml(t.greeting)}<br>${escapeHtml(lead)}</p>
<pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(input.text)}</pre>
<p>${escapeHtml(questions)}</p>
<p>${escapeHtml(name)}</p>`,
		footer: t.reportFooter
	});
	const date = input.generatedAt.toISOString().slice(0, 10);
	return {
		to: input.to,
		subject,
		text,
		html,
		attachments: [
			{
				filename: `data-${date}.json`,
				contentType: 'application/json',
				content: input.json
			}
		]
	};
}
