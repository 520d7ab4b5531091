/**
 * How long audit events are kept. Two years covers the accounting period in which a misuse is
 * usually noticed and complained about, and lets a data subject's question "who has seen my data?"
 * be answered for every registration the app still holds. The default of ILMO_RETENTION_AUDIT_MONTHS:
 * the retention job, the privacy page and the staff logging notice all read the configured figure.
 */
export const AUDIT_RETENTION_MONTHS = 24;
