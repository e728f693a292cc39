/**
 * An error caused by what the user gave (a bad file, an unknown item, a date
 * in the wrong form). Its message is Chinese and says what to fix; fronts show
 * it as it is, as a "bad request" rather than a failure of the app.
 */
export class UserError extends Error {}

/** The caller may not do this (not logged in, or the role does not allow it). */
export class AccessDenied extends UserError {}
