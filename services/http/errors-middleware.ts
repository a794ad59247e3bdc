/**
 * The one error handler: AppErrors become `{ error: { code, message, details } }` with their status; errors
 * from the body parsers and multer get stable codes; anything else is a 500 INTERNAL that says nothing more.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { MulterError } from "multer";
import { AppError, PayloadTooLargeError, ValidationError } from "../errors/index";
import type { Logger } from "../logging/index";
import { statusOf } from "./error-status";
import { errorBody } from "./idempotency";

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/** Maps what express, body-parser and multer throw to AppErrors; null for a real fault. */
export function toAppError(
  error: unknown,
  limits: { jsonBodyLimitBytes: number; uploadLimitBytes: number },
): AppError | null {
  if (error instanceof AppError) return error;
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
