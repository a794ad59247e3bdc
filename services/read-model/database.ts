/**
 * The read model: SQLite tables derived only from contract events and the IPFS records their digests name.
 * Throw the file away and {@link rebuildIndex} makes the same tables again from the chain.
 */
import Database from "better-sqlite3";
import type { Database as SqliteDatabase } from "better-sqlite3";

export type IndexDatabase = SqliteDatabase;

/** Tables of the read model, in dump order. */
export const INDEX_TABLES = [
  "index_progress",
  "facilities",
  "lots",
  "consumptions",
  "lot_documents",
  "fabric_details",
  "cutting_details",
  "sewing_details",
  "trims",
  "shipment_details",
  "garment_commitments",
  "certificates",
  "lot_equipment",
] as const;

const SCHEMA = `
-- Where the indexer stands: the last applied event (block, log index).
CREATE TABLE IF NOT EXISTS index_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS facilities (
  facility_key TEXT PRIMARY KEY,            -- chainKey(id)
  id TEXT UNIQUE,                           -- from the metadata record; NULL if the record is unavailable
  name TEXT,
  country TEXT NOT NULL,                    -- from the chain: the one origin rules read
  roles TEXT NOT NULL,                      -- JSON array of fabric|cutting|sewing|shipping
  account TEXT NOT NULL,
  suspended INTEGER NOT NULL DEFAULT 0,
  metadata_digest TEXT NOT NULL,
  metadata_cid TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS lots (
  lot_key TEXT PRIMARY KEY,                 -- chainKey(id)
  id TEXT UNIQUE,                           -- from the event record
  kind TEXT NOT NULL,                       -- fabric | cut-bundles | garment-batch | shipment
  operation TEXT NOT NULL,                  -- fabric-lot | cutting | sewing | shipment
  facility_key TEXT NOT NULL,               -- the holder (the recipient of a transfer)
  recorded_by_key TEXT NOT NULL,            -- the facility that recorded the event
  quantity REAL NOT NULL,
  remaining REAL NOT NULL,
  unit TEXT NOT NULL,
  record_digest TEXT NOT NULL,
  record_cid TEXT NOT NULL,
  record_available INTEGER NOT NULL,        -- 0 when IPFS could not give the record (or it did not verify)
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  block_time TEXT NOT NULL,
  occurred_at TEXT,
  description TEXT
);
CREATE INDEX IF NOT EXISTS lots_by_facility ON lots (facility_key);

-- One row per input consumed by an operation (the provenance graph's edges).
CREATE TABLE IF NOT EXISTS consumptions (
  into_lot_key TEXT NOT NULL,
  lot_key TEXT NOT NULL,
  quantity REAL NOT NULL,
  remaining_after REAL NOT NULL,
  role TEXT,                                -- e.g. main-fabric, from the event record
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (into_lot_key, lot_key)
);
CREATE INDEX IF NOT EXISTS consumptions_by_input ON consumptions (lot_key);

CREATE TABLE IF NOT EXISTS lot_documents (
  lot_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  type TEXT NOT NULL,
  cid TEXT NOT NULL,
  sha256 TEXT,
  media_type TEXT,
  PRIMARY KEY (lot_key, position)
);

CREATE TABLE IF NOT EXISTS fabric_details (
  lot_key TEXT PRIMARY KEY,
  hs_code TEXT,
  composition TEXT NOT NULL,                -- JSON [{fibre, percent, elastomeric?}]
  weight_kg REAL,
  value_amount REAL,
  value_currency TEXT,
  supplier_name TEXT,
  supplier_country TEXT,
  stages TEXT NOT NULL,                     -- JSON [{stage, country}]
  originating TEXT NOT NULL                 -- JSON [{fta, basis, proofCid?}]
);

CREATE TABLE IF NOT EXISTS cutting_details (
  lot_key TEXT PRIMARY KEY,
  style TEXT
);

CREATE TABLE IF NOT EXISTS sewing_details (
  lot_key TEXT PRIMARY KEY,
  gtin TEXT,
  hs_code TEXT,
  description TEXT,
  construction TEXT,
  ex_works_amount REAL,
  ex_works_currency TEXT,
  garment_count INTEGER
);

-- The line and equipment a cutting or sewing record names (lineId, equipmentId), when it names one.
CREATE TABLE IF NOT EXISTS lot_equipment (
  lot_key TEXT PRIMARY KEY,
  line_id TEXT,
  equipment_id TEXT
);

CREATE TABLE IF NOT EXISTS trims (
  lot_key TEXT NOT NULL,
  position INTEGER NOT NULL,
  description TEXT NOT NULL,
  hs_code TEXT,
  role TEXT,
  origin_country TEXT,
  weight_kg REAL,
  value_amount REAL,
  value_currency TEXT,
  stages TEXT,                              -- JSON [{stage, country, proofCid?}]; NULL when none recorded
  PRIMARY KEY (lot_key, position)
);

CREATE TABLE IF NOT EXISTS shipment_details (
  lot_key TEXT PRIMARY KEY,
  from_facility_key TEXT NOT NULL,
  recipient_facility_key TEXT,              -- NULL for an export
  buyer_name TEXT,
  buyer_country TEXT,
  destination_country TEXT,
  invoice_number TEXT
);

CREATE TABLE IF NOT EXISTS garment_commitments (
  lot_key TEXT PRIMARY KEY,
  garments_root TEXT NOT NULL,
  manifest_cid TEXT,
  manifest_digest TEXT,
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS certificates (
  certificate_key TEXT PRIMARY KEY,
  subject_lot_key TEXT NOT NULL,
  fta TEXT NOT NULL,
  digest TEXT NOT NULL,
  certifier TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  block_number INTEGER NOT NULL,
  issued_at TEXT NOT NULL,
  revoked_at TEXT,
  revocation_reason_digest TEXT,
  revocation_tx_hash TEXT
);
CREATE INDEX IF NOT EXISTS certificates_by_subject ON certificates (subject_lot_key);
`;

/**
 * Opens (creating when missing) the read model at `path` (`:memory:` for a throw-away one), in WAL mode.
 *
 * @example
 * const db = openIndexDatabase(join(config.dataDir, "index.sqlite"));
 */
export function openIndexDatabase(path: string): IndexDatabase {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(SCHEMA);
  // Read models made before trims carried stages lack the column; their trims had none.
  const trimColumns = db.prepare("SELECT name FROM pragma_table_info('trims')").all() as { name: string }[];
  if (!trimColumns.some((column) => column.name === "stages"))
    db.exec("ALTER TABLE trims ADD COLUMN stages TEXT");
  return db;
}

/**
 * A read-only connection to the read model at `path`, which another connection keeps (WAL: readers see what
 * is committed and do not block the writer). For reports that run off the event loop (services/kpis/tasks.ts).
 */
export function openIndexDatabaseReadOnly(path: string): IndexDatabase {
  return new Database(path, { readonly: true, fileMustExist: true });
}

/** Every row of every read-model table, sorted, for comparing two indexes. */
export function dumpIndex(db: IndexDatabase): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of INDEX_TABLES) {
    dump[table] = db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
  }
  return dump;
}
