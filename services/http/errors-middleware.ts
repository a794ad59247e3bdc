/**
 * The one error handler: AppErrors become `{ error: { code, message, details } }` with their status; errors
 * from the body parsers and multer get stable codes; anything else is a 500 INTERNAL that says nothing more.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { MulterError } from "multer";
import { AppError, PayloadTooLargeError, UnavailableError, ValidationError } from "../errors/index";
import type { Logger } from "../logging/index";
import { statusOf } from "./error-status";
import { errorBody } from "./idempotency";

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * SQLite and filesystem codes of a store that cannot take a write now (full, read-only, failing or locked):
 * the caller did nothing wrong and a retry later can succeed, so they answer 503 UNAVAILABLE, not 500.
 */
const STORAGE_FAULT =
  /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL)\w*|ENOSPC|EDQUOT|EROFS|EIO)$/;

/** Whether `error`, or an error it was caused by, is a storage fault ({@link STORAGE_FAULT}). */
export function isStorageFault(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && STORAGE_FAULT.test(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps what express, body-parser and multer throw to AppErrors; null for a real fault. */
export function toAppError(
  error: unknown,
  limits: { jsonBodyLimitBytes: number; uploadLimitBytes: number },
): AppError | null {
  if (error instanceof AppError) return error;
  if (isStorageFault(error)) {
    // Nothing names the store's path or message: which store it was is /healthz's to say.
    return new UnavailableError(
      "A store cannot take writes now (disk full or failing); nothing was recorded",
      {
        cause: error,
      },
    );
  }
  if (error instanceof MulterError) {
    if (error.code === "LIMIT_FILE_SIZE") return new PayloadTooLargeError(limits.uploadLimitBytes);
    if (error.code === "LIMIT_UNEXPECTED_FILE") {
      return new ValidationError([
        { path: error.field ?? "file", message: "unexpected file field: send one file as 'file'" },
      ]);
    }
    return new ValidationError(
      [{ path: error.field ?? "file", message: error.message }],
      "The multipart body is invalid",
    );
  }
  const parserError = error as BodyParserError & Error;
  if (typeof parserError === "object" && parserError !== null && typeof parserError.status === "number") {
    switch (parserError.type) {
      case "entity.parse.failed":
        return new AppError("INVALID_JSON", "The body is not valid JSON");
      case "entity.too.large":
        return new PayloadTooLargeError(limits.jsonBodyLimitBytes);
      case "encoding.unsupported":
      case "charset.unsupported":
        return new AppError("UNSUPPORTED_MEDIA_TYPE", "The body's encoding or charset is not supported");
    }
    if (parserError.status >= 400 && parserError.status < 500) {
      // Malformed multipart ("Unexpected end of form"), bad URL encoding, aborted requests, ...
      return new AppError("BAD_REQUEST", "The request is malformed");
    }
  }
  if (
    error instanceof Error &&
    /Unexpected end of form|Malformed part header|Multipart: Boundary not found/i.test(error.message)
  ) {
    return new AppError("BAD_REQUEST", "The multipart body is malformed");
  }
  return null;
}

export function errorMiddleware(deps: {
  logger: Logger;
  limits: { jsonBodyLimitBytes: number; uploadLimitBytes: number };
}): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const appError = toAppError(error, deps.limits);
    if (appError && statusOf(appError) < 500) {
      setRetryAfterOfReset(response, appError);
      response.status(statusOf(appError)).json(errorBody(appError));
      return;
    }
    if (appError) {
      deps.logger.warn(
        { err: appError, method: request.method, path: request.path },
        "dependency unavailable",
      );
      // A refusal for load (busy workers) says when to come back.
      const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === "number") response.set("Retry-After", String(Math.ceil(retryAfter)));
      response.status(statusOf(appError)).json(errorBody(appError));
      return;
    }
    deps.logger.error({ err: error, method: request.method, path: request.path }, "unexpected error");
    if (response.headersSent) return;
    response.status(500).json({ error: { code: "INTERNAL", message: "Something went wrong on our side" } });
  };
}

/** A refusal that says when it lifts (a quota's `resetsAt`) tells the client so in Retry-After. */
function setRetryAfterOfReset(response: Response, error: AppError): void {
  const resetsAt = (error.details as { resetsAt?: unknown } | undefined)?.resetsAt;
  if (typeof resetsAt !== "string") return;
  const seconds = Math.ceil((Date.parse(resetsAt) - Date.now()) / 1000);
  if (Number.isFinite(seconds)) response.set("Retry-After", String(Math.max(1, seconds)));
}

/** 404 for every route nobody answered. */
export const notFoundHandler: RequestHandler = (request, response) => {
  response.status(404).json({
    error: {
      code: "ROUTE_NOT_FOUND",
      message: "No such route",
      details: { method: request.method, path: request.path },
    },
  });
};
