import { perPolicies, personSchemas } from '../../schemas/registration';
import { staffOptionalEmail } from '../../schemas/staff-registration';
import { normalisePhone } from '../phone';

/**
 * The person's form schemas as the server checks them: the browser's set (schemas/registration.ts)
 * plus libphonenumber's check of the phone, whose metadata must not ship to the browser. Checked in
 * the schema, a number that cannot exist is reported in the same answer as every other error.
 */
export const { signupSchemaFor, detailsSchemaFor, publicSignupSchemaFor } = personSchemas(
	(value) => normalisePhone(value) !== null
);

/** The staff registrant form (add and correct by hand) as the server checks it: the same phone check. */
export const staffRegistrationSchemaFor = perPolicies((policies) =>
	signupSchemaFor(policies).extend({ email: staffOptionalEmail })
);
