import { contactSchemas } from '../../schemas/contacts';
import { normalisePhone } from '../phone';

/**
 * The contact register's form schemas as the server checks them: the browser's set
 * (schemas/contacts.ts) plus libphonenumber's check of the phone, whose metadata must not ship to
 * the browser. Checked in the schema, a number that cannot exist is reported in the same answer as
 * every other error; createContact and friends still refuse one from any other caller.
 */
export const { organisationSchema, contactSchema, contactFormSchema } = contactSchemas(
	(value) => normalisePhone(value) !== null
);
