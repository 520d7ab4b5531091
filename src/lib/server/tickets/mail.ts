import type { MailTicket } from '../mail/templates/event-parts';
import { ticketCode } from './code';

/**
 * The ticket a mail about this registration carries: only a confirmed seat has one to show at the
 * door (a waiting-list place or a cancellation carries none). Only the code: the mail's sender
 * draws its QR image (mail/transport.ts).
 */
export function mailTicketFor(reg: {
	id: string;
	ticketVersion: number;
	status?: string;
}): MailTicket | null {
	if (reg.status !== 'confirmed') return null;
	return { code: ticketCode(reg.id, reg.ticketVersion) };
}
