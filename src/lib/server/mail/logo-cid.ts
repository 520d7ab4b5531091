/**
 * The Content-ID the brand's logo travels under: templates/layout.ts refers to it in the HTML,
 * transport.ts attaches the PNG at send time. A module of its own, so that the mail thread can
 * know it without loading the templates and, through them, the brand's image code.
 */
export const BRAND_LOGO_CID = 'brand-logo';
