import type { MailTicket } from '../mail/templates/event-parts';
import { ticketCode } from './code';
import { prepareTicketQrPng, ticketQrPng } from './qr';

/**
 * The ticket a mail about this registration carries: only a confirmed seat has one to show at the
 * door (a waiting-list place or a cancellation carries none).
 */
export async function mailTicketFor(reg: {
	id: string;
	ticketVersion: number;
	status?: string;
}): Promise<MailTicket | null> {
	if (reg.status !== 'confirmed') return null;
	const code = ticketCode(reg.id, reg.ticketVersion);
	return { code, png: await ticketQrPng(code) };
}

/** Draws a new registration's ticket image ahead of its mail (see prepareTicketQrPng). */
export function prepareMailTicket(reg: { id: string; ticketVersion: number }): void {
	prepareTicketQrPng(ticketCode(reg.id, reg.ticketVersion));
}
