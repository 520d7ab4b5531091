import { formatDateTime, type Locale } from '../../../datetime';
import type { OutboxMessage } from '../../db/schema';
import { escapeHtml, renderHtmlLayout } from './layout';

export interface ConsentMailInput {
	locale: Locale;
	to: string;
	controller: { name: string; email: string };
	/** The consent text itself, exactly as the confirmation page shows it and the ledger stores it. */
	wordingText: string;
	confirmUrl: string;
	expiresAt: Date;
}

// Kept here rather than in the Paraglide catalogue: the ledger refers to the wording version, and
// this message frames it; both change only with a deliberate edit of the permissions code.
const TEXTS = {
	fi: {
		subject: (c: string) => `Vahvista sähköpostiuutisten tilaus: ${c}`,
		greeting: 'Hei,',
		lead: (c: string) =>
			`pyysit, että ${c} lähettää sinulle uutisia sähköpostilla. Emme lähetä mitään ennen kuin vahvistat tilauksen alla olevasta linkistä ja painat sivulla olevaa painiketta.`,
		channel: 'Kanava: sähköposti tähän osoitteeseen.',
		what: 'Lähetämme uutisia kuorma-autotapahtumista sekä tarjouksia ja tietoa palveluistamme.',
		wordingHeading: 'Suostumuksen teksti',
		confirm: 'Vahvista tilaus',
		validity: (until: string) =>
			`Linkki on voimassa seitsemän päivää (${until} asti). Jos et vahvista tilausta, emme lähetä sinulle markkinointia ja pyyntö poistetaan.`,
		withdraw: (email: string) =>
			`Voit perua suostumuksesi milloin tahansa jokaisen uutisviestin lopussa olevasta linkistä, omien tietojesi sivulta tai kirjoittamalla osoitteeseen ${email}.`,
		ignore: 'Jos et pyytänyt tätä, voit jättää viestin huomiotta.',
		footer: 'Tämä viesti lähetettiin, koska tilausta pyydettiin tähän osoitteeseen.'
	},
	sv: {
		subject: (c: string) => `Bekräfta beställningen av nyheter per e-post: ${c}`,
		greeting: 'Hej!',
		lead: (c: string) =>
			`Du har bett att ${c} skickar dig nyheter per e-post. Vi skickar ingenting förrän du bekräftar beställningen via länken nedan och trycker på knappen på sidan.`,
		channel: 'Kanal: e-post till den här adressen.',
		what: 'Vi skickar nyheter om lastbilsevenemang samt erbjudanden och information om våra tjänster.',
		wordingHeading: 'Samtyckets text',
		confirm: 'Bekräfta beställningen',
		validity: (until: string) =>
			`Länken är giltig i sju dagar (till ${until}). Om du inte bekräftar beställningen skickar vi ingen marknadsföring till dig och begäran raderas.`,
		withdraw: (email: string) =>
			`Du kan när som helst återkalla ditt samtycke via länken i slutet av varje nyhetsmeddelande, på sidan med dina egna uppgifter eller genom att skriva till ${email}.`,
		ignore: 'Om du inte har bett om detta kan du lämna meddelandet obeaktat.',
		footer: 'Det här meddelandet skickades eftersom en beställning gjordes till den här adressen.'
	},
	en: {
		subject: (c: string) => `Confirm news by email: ${c}`,
		greeting: 'Hello,',
		lead: (c: string) =>
			`you asked ${c} to send you news by email. Nothing will be sent until you confirm with the link below and press the button on that page.`,
		channel: 'Channel: email to this address.',
		what: 'We will send news about truck events, and offers and information about our services.',
		wordingHeading: 'The consent text',
		confirm: 'Confirm the subscription',
		validity: (until: string) =>
			`The link is valid for seven days (until ${until}). If you do not confirm, we send you no marketing and the request is deleted.`,
		withdraw: (email: string) =>
			`You can withdraw your consent at any time with the link at the end of every news message, on your own data page, or by writing to ${email}.`,
		ignore: 'If you did not ask for this, you can ignore this message.',
		footer: 'This message was sent because a subscription was requested for this address.'
	}
} satisfies Record<Locale, unknown>;

/** The separate double opt-in message: nothing but the request, its wording and the link. */
export function renderConsentMail(input: ConsentMailInput): OutboxMessage {
	const t = TEXTS[input.locale];
	const name = input.controller.name;
	const subject = t.subject(name);
	const lead = t.lead(name);
	const validity = t.validity(formatDateTime(input.expiresAt, input.locale));
	const withdraw = t.withdraw(input.controller.email);

	const text = [
		t.greeting,
		lead,
		'',
		t.channel,
		t.what,
		'',
		`${t.wordingHeading}:`,
		input.wordingText,
		'',
		`${t.confirm}:`,
		input.confirmUrl,
		validity,
		'',
		withdraw,
		t.ignore,
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
<p>${escapeHtml(t.channel)}<br>${escapeHtml(t.what)}</p>
<h2 style="font-size:1.1em;margin:1.2em 0 0.3em">${escapeHtml(t.wordingHeading)}</h2>
<blockquote style="margin:0 0 1em 0;padding-left:1em;border-left:3px solid #ccc">${escapeHtml(input.wordingText)}</blockquote>
<p><a href="${escapeHtml(input.confirmUrl)}">${escapeHtml(t.confirm)}</a></p>
<p>${escapeHtml(validity)}</p>
<p>${escapeHtml(withdraw)}</p>
<p>${escapeHtml(t.ignore)}</p>
<p>${escapeHtml(name)}</p>`,
		footer: t.footer
	});

	return { to: input.to, subject, text, html, attachments: [] };
}
