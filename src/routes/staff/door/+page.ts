/**
 * The door's offline shell: kept by the service worker and opened when the door page cannot be
 * reached. No server load and no server rendering, so the page itself holds no personal data; the
 * names come from the list kept on the device, which opens only with the door PIN. Signed-in staff
 * only, like every staff path (the session handle sends anyone else to the sign-in page), though
 * the kept copy answers offline: without the PIN it shows nothing but a PIN field.
 */
export const ssr = false;
