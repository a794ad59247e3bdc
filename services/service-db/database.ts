/**
 * The service's own state, which the chain cannot give back: hashed API keys, certifiers, the register of
 * uploaded documents, the idempotency answers and each key's daily usage. Kept apart from the read model, which is rebuilt at will.
 */
import Database from "better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";

export type ServiceDatabase = SqliteDatabase;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  key_hash TEXT PRIMARY KEY,                -- sha-256 of the key, hex; the key itself is never stored
  principal_type TEXT NOT NULL CHECK (principal_type IN ('facility', 'certifier')),
  principal_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS api_keys_by_principal ON api_keys (principal_type, principal_id);

CREATE TABLE IF NOT EXISTS certifiers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS uploads (
  cid TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,                -- principal, e.g. facility:mill-a
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  type TEXT,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (cid, uploaded_by)
);

CREATE TABLE IF NOT EXISTS usage (
  principal TEXT NOT NULL,                  -- e.g. facility:mill-a
  day TEXT NOT NULL,                        -- UTC day, YYYY-MM-DD
  quota TEXT NOT NULL,                      -- e.g. uploads, upload-bytes, assessments
  used INTEGER NOT NULL,
  PRIMARY KEY (principal, day, quota)
);

CREATE TABLE IF NOT EXISTS idempotency (
  principal TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,                   -- JSON body of the first answer
  completed_at TEXT NOT NULL,
  PRIMARY KEY (principal, idempotency_key)
);
`;

/** Opens (creating when missing) the service database at `path`, in WAL mode with full sync. */
export function openServiceDatabase(path: string): ServiceDatabase {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // Answers stored here were already given to clients: they must survive a crash.
  db.pragma("synchronous = FULL");
  db.exec(SCHEMA);
  return db;
}
