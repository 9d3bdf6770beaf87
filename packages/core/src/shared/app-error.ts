/** The closed set of reasons a use case cannot go on (ADR 0004). */
/** `unavailable`: the audit trail cannot be written, so nothing is served (T5.9, ADR 0018). */
export const APP_ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** Thrown by a use case that cannot go on; each edge maps `code` to its own status or exit code. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: unknown;

  constructor(code: AppErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}
