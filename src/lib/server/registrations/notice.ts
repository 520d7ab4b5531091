/**
 * The version of the privacy notice shown beside the sign-up form; every registration stores it.
 * The seed notice is dated 10.6.2024.
 */
export const NOTICE_VERSION = '2024-06-10';
