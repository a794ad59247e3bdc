/**
 * Console sessions: a browser exchanges an API key for a session. The session id is 32 random bytes
 * (base64url) in an HttpOnly cookie and stored here only as its sha-256, beside the principal it acts for and
 * the hash of the key it was opened with. A session ends when it has been idle too long, when it reaches its
 * absolute age, when it is signed out, or when the key it was opened with is no longer live (re-issued or
 * revoked by the operator; the operator's own key changed in the configuration).
 *
 * The CSRF token of a session is derived from its id (an HMAC), so it is never stored and only the holder of
 * the cookie can know it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Principal } from "./api-keys";
import type { ServiceDatabase } from "./database";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS console_sessions (
  id_hash TEXT PRIMARY KEY,                 -- sha-256 of the session id, hex; the id itself is never stored
  principal_type TEXT NOT NULL CHECK (principal_type IN ('operator', 'facility', 'certifier')),
  principal_id TEXT NOT NULL,
  key_hash TEXT NOT NULL,                   -- sha-256 of the API key the session was opened with
  created_at INTEGER NOT NULL,              -- epoch milliseconds
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS console_sessions_by_principal ON console_sessions (principal_type, principal_id);
`;

export interface ConsoleSession {
  principal: Principal;
  /** The session's CSRF token: every form carries it, every POST must send it back. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

/** Why a session id gives no session: unknown (or signed out), idle or too old, or its key is no longer live. */
export type SessionEnd = "unknown" | "idle" | "expired" | "key-revoked";

export type SessionLookup = { session: ConsoleSession } | { ended: SessionEnd };

export interface SessionStore {
  /** Opens a session for `principal`, opened with the key whose sha-256 is `keyHash`; returns its id (set it as the cookie). */
  open(principal: Principal, keyHash: string): { id: string; session: ConsoleSession };
  /** The live session of `id`, touching its last-seen time; an ended one is deleted and says why. */
  resolve(id: string): SessionLookup;
  /** Ends the session of `id` (sign-out). */
  close(id: string): void;
  /** Deletes every session that has ended by time; returns how many. */
  sweep(): number;
}

export interface SessionStoreParameters {
  db: ServiceDatabase;
  /** A session idle longer than this ends (e.g. 30 minutes). */
  idleMs: number;
  /** A session older than this ends, however busy (e.g. 12 hours). */
  maxAgeMs: number;
  /** The sha-256 (hex) of the operator's key now: an operator session opened with another key has ended. */
  operatorKeyHash: string;
  now?: () => number;
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The CSRF token of session `id`. */
export function csrfTokenOf(id: string): string {
  return createHmac("sha256", id).update("threadproof console csrf").digest("base64url");
}

/** Whether `sent` is the session's CSRF token, compared in constant time. */
export function isCsrfToken(session: ConsoleSession, sent: unknown): boolean {
  if (typeof sent !== "string") return false;
  const expected = Buffer.from(session.csrfToken, "utf8");
  const given = Buffer.from(sent, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The shape of a session id: 43 base64url characters (32 bytes). Anything else is not looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sessions kept in the service database.
 *
 * @example
 * const sessions = createSessionStore({ db, idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000, operatorKeyHash });
 * const { id } = sessions.open({ type: "certifier", id: "vcci-hcm" }, hashApiKey(key));
 * const lookup = sessions.resolve(id); // { session } or { ended: "idle" }
 */
export function createSessionStore(params: SessionStoreParameters): SessionStore {
  const { db, idleMs, maxAgeMs, operatorKeyHash } = params;
  const now = params.now ?? Date.now;
  db.exec(SCHEMA);
  const insert = db.prepare(
    "INSERT INTO console_sessions (id_hash, principal_type, principal_id, key_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  // A facility's or certifier's key is live while its row in api_keys is not revoked.
  const find = db.prepare<
    [string],
    {
      principal_type: Principal["type"];
      principal_id: string;
      key_hash: string;
      created_at: number;
      last_seen_at: number;
      key_live: number | null;
    }
  >(
    `SELECT s.principal_type, s.principal_id, s.key_hash, s.created_at, s.last_seen_at,
            (SELECT k.revoked_at IS NULL FROM api_keys k WHERE k.key_hash = s.key_hash) AS key_live
       FROM console_sessions s WHERE s.id_hash = ?`,
  );
  const touch = db.prepare("UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ?");
  const remove = db.prepare("DELETE FROM console_sessions WHERE id_hash = ?");
  const removeEnded = db.prepare("DELETE FROM console_sessions WHERE last_seen_at <= ? OR created_at <= ?");

  const sessionOf = (id: string, principal: Principal, createdAt: number, lastSeenAt: number) => ({
    principal,
    csrfToken: csrfTokenOf(id),
    createdAt: new Date(createdAt),
    lastSeenAt: new Date(lastSeenAt),
  });

  return {
    open(principal, keyHash) {
      const id = randomBytes(32).toString("base64url");
      const at = now();
      insert.run(sha256Hex(id), principal.type, principal.id, keyHash, at, at);
      return { id, session: sessionOf(id, principal, at, at) };
    },
    resolve(id) {
      if (!SESSION_ID.test(id)) return { ended: "unknown" };
      const idHash = sha256Hex(id);
      const row = find.get(idHash);
      if (!row) return { ended: "unknown" };
      const at = now();
      const ended: SessionEnd | null =
        at - row.created_at >= maxAgeMs
          ? "expired"
          : at - row.last_seen_at >= idleMs
            ? "idle"
            : (row.principal_type === "operator" ? row.key_hash !== operatorKeyHash : row.key_live !== 1)
              ? "key-revoked"
              : null;
      if (ended) {
        remove.run(idHash);
        return { ended };
      }
      touch.run(at, idHash);
      const principal = { type: row.principal_type, id: row.principal_id } as Principal;
      return { session: sessionOf(id, principal, row.created_at, at) };
    },
    close(id) {
      if (SESSION_ID.test(id)) remove.run(sha256Hex(id));
    },
    sweep() {
      const at = now();
      return removeEnded.run(at - idleMs, at - maxAgeMs).changes;
    },
  };
}
