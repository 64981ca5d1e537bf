/**
 * Domain errors: values with a stable code. The core throws them; the server maps each code's
 * kind to an HTTP status in one place (server/http/error-handler.ts). Every code is listed in
 * docs/errors.md, and a test keeps the two in step.
 */

export type ErrorKind =
  | 'validation' // 400: the input is malformed
  | 'unauthenticated' // 401: no or bad credentials
  | 'forbidden' // 403: authenticated but not allowed
  | 'not_found' // 404
  | 'conflict' // 409: the state of things does not allow it
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable' // 422: well-formed but semantically wrong (e.g. an import with row errors)
  | 'timeout' // 408: the client did not send the whole request in time
  | 'headers_too_large' // 431
  | 'rate_limited' // 429
  | 'unavailable'; // 503

export const ERROR_CODES = {
  VALIDATION_FAILED: 'validation',
  BAD_JSON: 'validation',
  COORDINATES_INVALID: 'validation',
  CATEGORY_UNKNOWN: 'validation',
  JURISDICTION_CODE_INVALID: 'validation',
  GEOMETRY_INVALID: 'validation',
  ATTACHMENT_NOT_FOUND: 'validation',
  IDEMPOTENCY_KEY_INVALID: 'validation',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  LOCATION_OUTSIDE_AREA: 'unprocessable',
  ID_NUMBER_INVALID: 'validation',
  AUTH_REQUIRED: 'unauthenticated',
  AUTH_INVALID_CREDENTIALS: 'unauthenticated',
  AUTH_SESSION_EXPIRED: 'unauthenticated',
  AUTH_LOCKED: 'rate_limited',
  PASSWORD_TOO_WEAK: 'validation',
  PASSWORD_INCORRECT: 'validation',
  PASSWORD_CHANGE_REQUIRED: 'forbidden',
  CSRF_REJECTED: 'forbidden',
  CORS_REJECTED: 'forbidden',
  FORBIDDEN: 'forbidden',
  OUT_OF_SCOPE: 'forbidden',
  REPORTER_ANONYMOUS: 'forbidden',
  NOT_FOUND: 'not_found',
  EVENT_NOT_FOUND: 'not_found',
  JURISDICTION_NOT_FOUND: 'not_found',
  GRID_NOT_FOUND: 'not_found',
  PERSON_NOT_FOUND: 'not_found',
  DEPARTMENT_NOT_FOUND: 'not_found',
  EVENT_ILLEGAL_TRANSITION: 'conflict',
  EVENT_NOT_ASSIGNED_TO_YOU: 'forbidden',
  EVENT_HELD_AT_HIGHER_TIER: 'forbidden',
  EVENT_VERSION_CONFLICT: 'conflict',
  EVENT_MERGE_INVALID: 'conflict',
  CATEGORY_EXISTS: 'conflict',
  USERNAME_TAKEN: 'conflict',
  ACCOUNT_SELF_ACTION: 'conflict',
  PERSON_HAS_NO_LOGIN: 'conflict',
  IMPORT_HAS_ERRORS: 'unprocessable',
  IMPORT_FORMAT_UNSUPPORTED: 'unsupported_media',
  CONTENT_TYPE_UNSUPPORTED: 'unsupported_media',
  ATTACHMENT_TYPE_UNSUPPORTED: 'unsupported_media',
  ATTACHMENT_TOO_LARGE: 'too_large',
  ATTACHMENT_IMAGE_TOO_LARGE: 'too_large',
  ATTACHMENT_CORRUPT: 'unprocessable',
  ATTACHMENT_NOT_PUBLIC: 'forbidden',
  BODY_TOO_LARGE: 'too_large',
  REQUEST_TIMEOUT: 'timeout',
  HEADERS_TOO_LARGE: 'headers_too_large',
  BODY_INCOMPLETE: 'validation',
  RATE_LIMITED: 'rate_limited',
  DATABASE_UNAVAILABLE: 'unavailable',
  DATABASE_BUSY: 'unavailable',
  AUDIT_UNAVAILABLE: 'unavailable',
  EVENT_ALREADY_TOP_TIER: 'conflict',
  EVENT_ALREADY_SUSPENDED: 'conflict',
  EVENT_NOT_SUSPENDED: 'conflict',
  EXTENSION_PENDING: 'conflict',
  NO_PENDING_EXTENSION: 'conflict',
  CALENDAR_OVERRIDE_NOT_FOUND: 'not_found',
  CALENDAR_NO_WORKING_DAY: 'conflict',
  DEADLINE_RULE_INVALID: 'unprocessable',
  DUE_DATE_OUT_OF_RANGE: 'validation',
  FOLLOW_UP_NOT_FOUND: 'not_found',
  FOLLOW_UP_ALREADY_RECORDED: 'conflict',
  FOLLOW_UP_NOT_SCHEDULED: 'conflict',
  FOLLOW_UP_BY_HANDLER: 'forbidden',
  RATING_NOT_OPEN: 'conflict',
  RATING_ALREADY_GIVEN: 'conflict',
  PLAN_NOT_FOUND: 'not_found',
  PLAN_VERSION_CONFLICT: 'conflict',
  PLAN_ILLEGAL_TRANSITION: 'conflict',
  MEDIATOR_NOT_IN_POOL: 'conflict',
  MEDIATOR_ALREADY_IN_POOL: 'conflict',
  POOL_MEMBER_NOT_FOUND: 'not_found',
  MEDIATION_TASK_NOT_FOUND: 'not_found',
  MEDIATION_TASK_NOT_YOURS: 'forbidden',
  MEDIATION_TASK_ILLEGAL_TRANSITION: 'conflict',
  MEDIATION_TASK_DUPLICATE: 'conflict',
  PERIOD_INVALID: 'validation',
  KPI_UNKNOWN: 'validation',
  VILLAGE_CLASS_SETTINGS_INVALID: 'validation',
  VILLAGE_CLASS_NOT_COMPUTED: 'not_found',
  BRIEFING_NOT_FOUND: 'not_found',
  EXPORT_NOT_FOUND: 'not_found',
  EXPORT_NOT_READY: 'conflict',
  EXPORT_LIMIT_REACHED: 'rate_limited',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure with a stable code and a message a person can act on. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.kind = ERROR_CODES[code];
    this.details = details;
  }
}

export function fail(code: ErrorCode, message: string, details?: unknown): never {
  throw new DomainError(code, message, details);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The stable code `run` fails with (another error: its text), or null when it does not fail. */
export function errorCodeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return null;
}
