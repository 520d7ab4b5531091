import type { ScanAnswer, ScanOutcome, ScanRequest } from '$lib/door';
import { localizeHref } from '$lib/paraglide/runtime';

export type Tone = 'ok' | 'warn' | 'stop';

/** How loud an answer is: go ahead, look again, or stop them. */
export const OUTCOME_TONE: Record<ScanOutcome, Tone> = {
	checked_in: 'ok',
	already: 'warn',
	waitlisted: 'warn',
	offer_pending: 'warn',
	wrong_event: 'stop',
	cancelled: 'stop',
	unknown: 'stop',
	invalid: 'stop'
};

/** Why a scan got no answer: signed out (401), outside the door's window (403), or no server. */
export type ScanFailure = 'signed_out' | 'forbidden' | 'unreachable';

export type ScanReply = { ok: true; answer: ScanAnswer } | { ok: false; failure: ScanFailure };

/**
 * Asks the door's scan endpoint about one code: a small JSON round trip instead of a page load,
 * so the answer shows within a blink. The raw text goes as scanned; the server reads it.
 */
export async function postScan(eventId: string, code: string): Promise<ScanReply> {
	const body: ScanRequest = { code };
	let response: Response;
	try {
		response = await fetch(localizeHref(`/staff/events/${eventId}/checkin/scan`), {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return { ok: false, failure: 'unreachable' };
	}
	if (response.status === 401) return { ok: false, failure: 'signed_out' };
	if (response.status === 403) return { ok: false, failure: 'forbidden' };
	if (!response.ok) return { ok: false, failure: 'unreachable' };
	const answer = (await response.json().catch(() => null)) as ScanAnswer | null;
	return answer?.outcome ? { ok: true, answer } : { ok: false, failure: 'unreachable' };
}

/**
 * Short WebAudio beeps, made here rather than loaded, so nothing is fetched: one high beep for a
 * check-in, two for "look again", one low for a refusal.
 */
export function beep(tone: Tone): void {
	const Context = globalThis.AudioContext;
	if (!Context) return;
	const audio = new Context();
	const notes = { ok: [880], warn: [660, 660], stop: [220] }[tone];
	const length = tone === 'stop' ? 0.4 : 0.12;
	notes.forEach((frequency, i) => {
		const oscillator = audio.createOscillator();
		const gain = audio.createGain();
		oscillator.frequency.value = frequency;
		gain.gain.value = 0.2;
		oscillator.connect(gain).connect(audio.destination);
		const start = audio.currentTime + i * (length + 0.08);
		oscillator.start(start);
		oscillator.stop(start + length);
	});
	setTimeout(() => void audio.close(), 1000);
}
