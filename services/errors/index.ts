/**
 * One error base class for the whole service: a stable `code` from {@link ERROR_CODES}, a short message and
 * structured `details`. Callers and tests rely on `code`, never on message text; the HTTP layer alone decides
 * the status a code answers with. Messages and details must never carry secrets (keys, RPC URLs with
 * credentials).
 */
import type { ErrorCode } from "./codes";

export { ERROR_CODES, type ErrorCode } from "./codes";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** One field that failed validation: `path` like `inputs.0.quantity.amount`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** VALIDATION_FAILED: the request body, query or path is invalid; `details.fields` names every bad field. */
export class ValidationError extends AppError {
  constructor(fields: FieldIssue[], message = "The request is invalid") {
    super("VALIDATION_FAILED", message, { details: { fields } });
  }
}

/** UNAUTHENTICATED: no or unknown credentials. */
export class UnauthenticatedError extends AppError {
  constructor(message = "A valid API key is required") {
    super("UNAUTHENTICATED", message);
  }
}

/** FORBIDDEN: authenticated, but not allowed to do this. */
export class ForbiddenError extends AppError {
  constructor(message: string, details?: unknown) {
    super("FORBIDDEN", message, { details });
  }
}

/** NOT_FOUND: the named resource does not exist. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super("NOT_FOUND", `${what} '${id}' was not found`, { details: { what, id } });
  }
}

/** DUPLICATE_ID: the id is taken already. */
export class DuplicateIdError extends AppError {
  constructor(what: string, id: string) {
    super("DUPLICATE_ID", `${what} '${id}' exists already`, { details: { what, id } });
  }
}

/** INSUFFICIENT_QUANTITY: consuming more of a lot than remains. Amounts are in the lot's unit. */
export class InsufficientQuantityError extends AppError {
  constructor(lotId: string, requested: number, available: number, unit: string) {
    super("INSUFFICIENT_QUANTITY", `Lot '${lotId}' has ${available} ${unit} left, ${requested} requested`, {
      details: { lotId, requested, available, unit },
    });
  }
}

/** A conflict with recorded state, under its own code (wrong lot kind, unit mismatch, ...). */
export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, { details });
  }
}

/** PAYLOAD_TOO_LARGE: the upload or body is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("PAYLOAD_TOO_LARGE", `The body exceeds the limit of ${limitBytes} bytes`, {
      details: { limitBytes },
    });
  }
}

/** UNAVAILABLE: a dependency (chain, IPFS) cannot answer now; nothing was recorded. */
export class UnavailableError extends AppError {
  constructor(message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super("UNAVAILABLE", message, options);
  }
}

/**
 * CHAIN_ARCHIVE_MISMATCH: the service's copy of a lot's chain record (its log archive) does not check out
 * against chain state, so nothing read from it may be shown as verified.
 */
export class ChainArchiveMismatchError extends AppError {
  /** `subject` names what was read: `{ lotId }`, or `{ txHash }` for a whole batch read by a rebuild. */
  constructor(subject: { lotId: string } | { txHash: string }, reason: string) {
    const what = "lotId" in subject ? `lot '${subject.lotId}'` : `transaction ${subject.txHash}`;
    super("CHAIN_ARCHIVE_MISMATCH", `The kept chain record of ${what} does not check out: ${reason}`, {
      details: { ...subject, reason },
    });
  }
}

/** True when `error` is an AppError with this code. */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof AppError && error.code === code;
}
