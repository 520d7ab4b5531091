import { newRequestSchemaWith } from '../../schemas/requests';
import { normalisePhone } from '../phone';

/**
 * The new request form's schema as the server checks it: the browser's (schemas/requests.ts) plus
 * libphonenumber's check of the phone, whose metadata must not ship to the browser. Checked in the
 * schema, a number that cannot exist is reported in the same answer as every other error;
 * createRequest still refuses one from any other caller.
 */
export const newRequestSchema = newRequestSchemaWith((value) => normalisePhone(value) !== null);
