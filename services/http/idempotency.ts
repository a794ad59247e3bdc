/**
 * `Idempotency-Key` on writes: the first answer (status and body) is stored with the key, the principal, the
 * method, the path and a hash of the body, in one SQLite statement that marks the request complete. A retry
 * with the same key and body gets that answer back without doing anything; the same key with another body
 * is refused; a duplicate that arrives while the first is still running waits for it. A 429 is not kept.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { AppError, ValidationError } from "../errors/index";
import type { ServiceDatabase } from "../service-db/database";
import { statusOf } from "./error-status";
import { createIdempotencyStore } from "../service-db/idempotency";

export interface StoredAnswer {
  status: number;
  body: unknown;
  /** What a replay answers instead of `body`, when the first answer held a secret shown once (an API key). */
  replayBody?: unknown;
}

/** 422: the key was used before for a different request. */
export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for a different request");
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** sha-256 over the canonical JSON of a request's meaningful content. */
export function hashRequestBody(content: unknown): string {
  let canonical: string;
  try {
    canonical = canonicalize(content ?? null) ?? "null";
  } catch {
    // RFC 8785 has no form for non-finite numbers (1e999 parses as Infinity), and nesting deep enough
    // overflows the stack: such a body is invalid whatever the route.
    throw new ValidationError([
      { path: "", message: "the body holds a number out of range or is nested too deeply" },
    ]);
  }
  return createHash("sha256").update(canonical).digest("hex");
}

export interface IdempotencyRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  bodyHash: string;
}

export interface Idempotency {
  /**
   * Runs `handler` once per (principal, key). Answers below 500 (successes and refusals alike) are stored and
   * replayed; a 5xx is not, so a retry after an outage runs again.
   */
  run(
    request: IdempotencyRequest,
    handler: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer & { replayed: boolean }>;
}

/** Checks a header value; returns undefined when absent. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new ValidationError([
      { path: "headers.idempotency-key", message: "must be 1 to 255 visible ASCII characters" },
    ]);
  }
  return header;
}

export function createIdempotency(db: ServiceDatabase): Idempotency {
  const answers = createIdempotencyStore(db);
  const inFlight = new Map<
    string,
    { bodyHash: string; method: string; path: string; done: Promise<StoredAnswer> }
  >();

  function sameRequest(
    a: { method: string; path: string; bodyHash: string },
    b: IdempotencyRequest,
  ): boolean {
    return a.method === b.method && a.path === b.path && a.bodyHash === b.bodyHash;
  }

  return {
    async run(request, handler) {
      const slot = `${request.principal}\n${request.key}`;
      const running = inFlight.get(slot);
      if (running) {
        if (!sameRequest(running, request)) throw new IdempotencyKeyReusedError();
        const first = await running.done;
        return { status: first.status, body: first.replayBody ?? first.body, replayed: true };
      }
      const stored = answers.find(request.principal, request.key);
      if (stored) {
        if (!sameRequest(stored, request)) {
          throw new IdempotencyKeyReusedError();
        }
        return { status: stored.status, body: JSON.parse(stored.response) as unknown, replayed: true };
      }

      const done = (async (): Promise<StoredAnswer> => {
        let answer: StoredAnswer;
        try {
          answer = await handler();
        } catch (error) {
          if (!(error instanceof AppError) || statusOf(error) >= 500) throw error;
          answer = { status: statusOf(error), body: errorBody(error) };
        }
        // A 429 (a quota used up) says "not now", not "no": the retry after the reset must do the work.
        if (answer.status < 500 && answer.status !== 429) {
          answers.complete(request.principal, request.key, {
            method: request.method,
            path: request.path,
            bodyHash: request.bodyHash,
            status: answer.status,
            response: JSON.stringify(answer.replayBody ?? answer.body),
            completedAt: new Date().toISOString(),
          });
        }
        return answer;
      })();
      inFlight.set(slot, { bodyHash: request.bodyHash, method: request.method, path: request.path, done });
      try {
        const answer = await done;
        return { status: answer.status, body: answer.body, replayed: false };
      } finally {
        inFlight.delete(slot);
      }
    },
  };
}

/** The JSON error shape of the API. */
export function errorBody(error: AppError): { error: { code: string; message: string; details?: unknown } } {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}
