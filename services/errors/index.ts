/**
 * One error base class for the whole service: a stable machine-readable `code`, the HTTP `status` it maps
 * to, a short message and structured `details`. Callers and tests rely on `code`, never on message text.
 * Messages and details must never carry secrets (keys, RPC URLs with credentials).
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details;
  }
}

/** One field that failed validation: `path` like `inputs.0.quantity.amount`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** 400: the request body, query or path is invalid; `details.fields` names every bad field. */
export class ValidationError extends AppError {
  constructor(fields: FieldIssue[], message = "The request is invalid") {
    super("VALIDATION_FAILED", 400, message, { details: { fields } });
  }
}

/** 401: no or unknown credentials. */
export class UnauthenticatedError extends AppError {
  constructor(message = "A valid API key is required") {
    super("UNAUTHENTICATED", 401, message);
  }
}

/** 403: authenticated, but not allowed to do this. */
export class ForbiddenError extends AppError {
  constructor(message: string, details?: unknown) {
    super("FORBIDDEN", 403, message, { details });
  }
}

/** 404: the named resource does not exist. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super("NOT_FOUND", 404, `${what} '${id}' was not found`, { details: { what, id } });
  }
}

/** 409: the id is taken already. */
export class DuplicateIdError extends AppError {
  constructor(what: string, id: string) {
    super("DUPLICATE_ID", 409, `${what} '${id}' exists already`, { details: { what, id } });
  }
}

/** 409: consuming more of a lot than remains. Amounts are in the lot's unit. */
export class InsufficientQuantityError extends AppError {
  constructor(lotId: string, requested: number, available: number, unit: string) {
    super(
      "INSUFFICIENT_QUANTITY",
      409,
      `Lot '${lotId}' has ${available} ${unit} left, ${requested} requested`,
      {
        details: { lotId, requested, available, unit },
      },
    );
  }
}

/** 409: the request conflicts with recorded state in another way (wrong lot kind, unit mismatch, ...). */
export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, 409, message, { details });
  }
}

/** 413: the upload or body is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("PAYLOAD_TOO_LARGE", 413, `The body exceeds the limit of ${limitBytes} bytes`, {
      details: { limitBytes },
    });
  }
}

/** 503: a dependency (chain, IPFS) cannot answer now; nothing was recorded. */
export class UnavailableError extends AppError {
  constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super("UNAVAILABLE", 503, message, options);
  }
}

/** True when `error` is an AppError with this code. */
export function hasCode(error: unknown, code: string): boolean {
  return error instanceof AppError && error.code === code;
}
