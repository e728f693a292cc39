import type { ErrorKind } from '../api/contract';

/** An error whose kind travels with it to the fronts (ApiErrorBody.kind); its message is Chinese. */
export class AppError extends Error {
  readonly kind: ErrorKind;

  constructor(message?: string, kind: ErrorKind = 'internal', options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/**
 * An error caused by what the user gave (a bad file, an unknown item, a date
 * in the wrong form). Its message is Chinese and says what to fix; fronts show
 * it as it is, as a "bad request" rather than a failure of the app.
 */
export class UserError extends AppError {
  constructor(message?: string, options?: ErrorOptions, kind: ErrorKind = 'user') {
    super(message, kind, options);
  }
}

/** The caller may not do this (the role does not allow it, or, kind unauthenticated, nobody is logged in). */
export class AccessDenied extends UserError {
  constructor(message?: string, kind: 'forbidden' | 'unauthenticated' = 'forbidden') {
    super(message, undefined, kind);
  }
}
