import ICAL from 'ical.js';

export interface ParsedPerson {
	name: string | null;
	email: string;
	params: Record<string, string>;
}

export interface ParsedCalendar {
	method: string | null;
	/** How many VEVENTs the file holds: every file the app writes has exactly one. */
	eventCount: number;
	uid: string;
	sequence: number;
	status: string | null;
	start: Date;
	end: Date;
	summary: string;
	description: string | null;
	location: string | null;
	url: string | null;
	organizer: ParsedPerson | null;
	attendees: ParsedPerson[];
}

function personOf(property: ICAL.Property): ParsedPerson {
	const value = String(property.getFirstValue());
	const params: Record<string, string> = {};
	for (const name of ['rsvp', 'partstat', 'role']) {
		const param = property.getParameter(name);
		if (param !== undefined) params[name] = String(param);
	}
	const cn = property.getParameter('cn');
	return {
		name: cn === undefined ? null : String(cn),
		email: value.replace(/^mailto:/i, ''),
		params
	};
}

/**
 * A calendar file read with a real parser (ical.js), as a calendar client would: a malformed file
 * throws here instead of passing a string comparison.
 */
export function parseCalendar(text: string): ParsedCalendar {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const events = calendar.getAllSubcomponents('vevent');
	const vevent = events[0];
	if (!vevent) throw new Error('no VEVENT in the calendar');
	const event = new ICAL.Event(vevent);
	const text_ = (name: string) => {
		const value = vevent.getFirstPropertyValue(name);
		return value === null ? null : String(value);
	};
	const organizer = vevent.getFirstProperty('organizer');
	return {
		method: calendar.getFirstPropertyValue('method') as string | null,
		eventCount: events.length,
		uid: event.uid,
		sequence: event.sequence,
		status: text_('status'),
		start: event.startDate.toJSDate(),
		end: event.endDate.toJSDate(),
		summary: event.summary,
		description: text_('description'),
		location: text_('location'),
		url: text_('url'),
		organizer: organizer ? personOf(organizer) : null,
		attendees: vevent.getAllProperties('attendee').map(personOf)
	};
}

/** A time as a calendar file holds it: iCalendar has whole seconds. */
export function wholeSeconds(date: Date): Date {
	return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
