import { eventSchemaWith } from '../../schemas/event';
import { normalisePhone } from '../phone';

/**
 * The event form's schema as the server checks it: the browser's (schemas/event.ts) plus
 * libphonenumber's check of the contact's phone, whose metadata must not ship to the browser.
 */
export const eventSchema = eventSchemaWith((value) => normalisePhone(value) !== null);
