import { groupSignupSchemas } from '../../schemas/group-signup';
import { publicSignupSchemaFor, signupSchemaFor } from '../registrations/schemas';

/** The group form as the server checks it: every phone with libphonenumber, as on the plain form. */
export const groupSignupSchemaFor = groupSignupSchemas({ signupSchemaFor, publicSignupSchemaFor });
