/**
 * Storage of idempotent answers: the first answer to a (principal, Idempotency-Key) pair, with the request it
 * answered (method, path, body hash). The HTTP layer decides what is replayed; this only keeps it.
 */
import type { ServiceDatabase } from "./database";

/** A stored answer and the request it was given to. */
export interface StoredIdempotentAnswer {
  method: string;
  path: string;
  bodyHash: string;
  status: number;
  /** The JSON text of the answer's body. */
  response: string;
}

export interface IdempotencyStore {
  /** The answer stored for `key` of `principal`, or null. */
  find(principal: string, key: string): StoredIdempotentAnswer | null;
  /** Stores the first answer for `key` of `principal` (a second store for the pair fails: its primary key). */
  complete(principal: string, key: string, answer: StoredIdempotentAnswer & { completedAt: string }): void;
}

/**
 * The idempotency table of the service database, with its statements prepared once.
 *
 * @example
 * const answers = createIdempotencyStore(serviceDb);
 * answers.find("facility:mill-a", "import-42");
 */
export function createIdempotencyStore(db: ServiceDatabase): IdempotencyStore {
  const find = db.prepare<
    [string, string],
    { method: string; path: string; body_hash: string; status: number; response: string }
  >(
    "SELECT method, path, body_hash, status, response FROM idempotency WHERE principal = ? AND idempotency_key = ?",
  );
  const complete = db.prepare(
    `INSERT INTO idempotency (principal, idempotency_key, method, path, body_hash, status, response, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    find(principal, key) {
      const row = find.get(principal, key);
      return row
        ? {
            method: row.method,
            path: row.path,
            bodyHash: row.body_hash,
            status: row.status,
            response: row.response,
          }
        : null;
    },
    complete(principal, key, answer) {
      complete.run(
        principal,
        key,
        answer.method,
        answer.path,
        answer.bodyHash,
        answer.status,
        answer.response,
        answer.completedAt,
      );
    },
  };
}
