/**
 * How long audit events are kept. Two years covers the accounting period in which a misuse is
 * usually noticed and complained about, and lets a data subject's question "who has seen my data?"
 * be answered for every registration the app still holds. The retention job deletes older events;
 * the staff logging notice tells staff this same figure, so both read it from here.
 */
export const AUDIT_RETENTION_MONTHS = 24;
