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

-- A facility's sewing lines and key equipment (services/service-db/equipment.ts).
CREATE TABLE IF NOT EXISTS facility_equipment (
  facility_id TEXT NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,                       -- sewing-line | cutting-table | knitting-machine | other
  name TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  PRIMARY KEY (facility_id, id)
);

-- Each stored assessment, by the CID that is its id (services/service-db/assessment-register.ts).
CREATE TABLE IF NOT EXISTS assessment_register (
  id TEXT PRIMARY KEY,                      -- the record's CID
  subject_id TEXT NOT NULL,
  fta TEXT NOT NULL,
  status TEXT NOT NULL,                     -- originating | not-originating | insufficient-data
  provisional INTEGER NOT NULL,
  assessed_by TEXT NOT NULL,
  assessed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS assessment_register_by_time ON assessment_register (assessed_at);

-- Background jobs (services/service-db/jobs.ts).
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                       -- e.g. epcis-capture
  owner TEXT NOT NULL,                      -- principal, e.g. facility:mill-a
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed')),
  done INTEGER NOT NULL,
  total INTEGER NOT NULL,
  errors TEXT NOT NULL,                     -- JSON array of JobError
  result TEXT,                              -- JSON, the kind's own report
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_by_owner ON jobs (owner, created_at);

-- Captured EPCIS events (services/service-db/epcis-events.ts).
CREATE TABLE IF NOT EXISTS epcis_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,    -- capture order: the query's paging cursor
  event_hash TEXT NOT NULL UNIQUE,          -- CBV 2.0 event hash: the idempotency identity
  event_id TEXT NOT NULL,
  capture_id TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('recorded', 'kept')),
  lot_id TEXT,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  record_time TEXT NOT NULL,
  biz_step TEXT,
  biz_location TEXT,
  record_cid TEXT NOT NULL,
  capture_root TEXT NOT NULL,
  proof TEXT NOT NULL,                      -- JSON array of 0x… siblings
  event TEXT NOT NULL                       -- JSON
);
CREATE INDEX IF NOT EXISTS epcis_events_by_time ON epcis_events (event_time);
CREATE INDEX IF NOT EXISTS epcis_events_by_step ON epcis_events (biz_step, seq);
CREATE INDEX IF NOT EXISTS epcis_events_by_location ON epcis_events (biz_location, seq);
CREATE INDEX IF NOT EXISTS epcis_events_by_event_id ON epcis_events (event_id);
CREATE INDEX IF NOT EXISTS epcis_events_by_lot ON epcis_events (lot_id);
CREATE TABLE IF NOT EXISTS epcis_event_identifiers (
  seq INTEGER NOT NULL REFERENCES epcis_events (seq),
  role TEXT NOT NULL CHECK (role IN ('epc', 'class')),
  identifier TEXT NOT NULL,
  PRIMARY KEY (role, identifier, seq)
) WITHOUT ROWID;
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
