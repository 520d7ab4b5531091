import { formatTicketCode } from '../../ticket-code';
import type { ManageView } from '../registrations/manage';
import { currentTicketCode } from './index';
import { ticketQrSvg } from './qr';

/** A ticket as the manage page shows it: the code in groups of five, and its QR as inline SVG. */
export interface ShownTicket {
	printed: string;
	svg: string;
}

/**
 * The tickets of the link holder's confirmed seats, by registration id; a waiting-list place has
 * none to show. Derived on every read: nothing is written (the page is a GET).
 */
export async function presentTickets(view: ManageView): Promise<Record<string, ShownTicket>> {
	const shown: Record<string, ShownTicket> = {};
	for (const { registration: r } of view.active) {
		if (r.status !== 'confirmed') continue;
		const code = currentTicketCode(r);
		if (code) shown[r.id] = { printed: formatTicketCode(code), svg: await ticketQrSvg(code) };
	}
	return shown;
}
