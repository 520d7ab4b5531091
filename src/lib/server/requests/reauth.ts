// One password re-check for every sensitive form, counted on one throttle (auth/reauthenticate.ts).
export { reauthenticate, type Reauthentication } from '../auth/reauthenticate';
