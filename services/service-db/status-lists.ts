/**
 * The Bitstring Status Lists' state: which list and index each certificate holds, each list's bits and its
 * latest signed list credential. The chain's revocation flag stays the source of truth; a list is a
 * published view of it that the revocation use case keeps in step. Its tables are created on first use.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS status_lists (
  list_id TEXT PRIMARY KEY,                 -- "<certifier id>/<list number>"
  bits BLOB NOT NULL,                       -- the uncompressed bitstring, index 0 the left-most bit
  credential TEXT NOT NULL,                 -- the latest signed list credential (JSON)
  digest TEXT NOT NULL,                     -- its SHA-256 as stored in IPFS (0x hex)
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,       -- the version anchored on chain with this digest
  anchored INTEGER NOT NULL DEFAULT 0       -- 1 once the chain holds this version's digest
);
CREATE TABLE IF NOT EXISTS status_list_pending (
  list_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  bits BLOB NOT NULL,
  credential TEXT NOT NULL,
  digest TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS status_list_entries (
  certificate_id TEXT PRIMARY KEY,
  list_id TEXT NOT NULL,
  list_index INTEGER NOT NULL,
  UNIQUE (list_id, list_index)
);
`;

export interface StoredStatusList {
  listId: string;
  bits: Buffer;
  credential: string;
  digest: string;
  updatedAt: string;
  version: number;
  /** Whether the chain holds this version (always, but for a list published before anchors). */
  anchored: boolean;
}

/** Adds the version columns to a table made before them (SQLite has no ADD COLUMN IF NOT EXISTS). */
function addVersionColumns(db: ServiceDatabase): void {
  const columns = new Set(
    db
      .prepare<[], { name: string }>("PRAGMA table_info(status_lists)")
      .all()
      .map((column) => column.name),
  );
  if (!columns.has("version"))
    db.exec("ALTER TABLE status_lists ADD COLUMN version INTEGER NOT NULL DEFAULT 1");
  if (!columns.has("anchored"))
    db.exec("ALTER TABLE status_lists ADD COLUMN anchored INTEGER NOT NULL DEFAULT 0");
}

type ListRow = {
  list_id: string;
  bits: Buffer;
  credential: string;
  digest: string;
  updated_at: string;
  version: number;
  anchored: number;
};

const fromRow = (row: ListRow): StoredStatusList => ({
  listId: row.list_id,
  bits: row.bits,
  credential: row.credential,
  digest: row.digest,
  updatedAt: row.updated_at,
  version: row.version,
  anchored: row.anchored === 1,
});

const statements = oncePer((db: ServiceDatabase) => {
  db.exec(SCHEMA);
  addVersionColumns(db);
  return {
    entry: db.prepare<[string], { list_id: string; list_index: number }>(
      "SELECT list_id, list_index FROM status_list_entries WHERE certificate_id = ?",
    ),
    insertEntry: db.prepare(
      "INSERT INTO status_list_entries (certificate_id, list_id, list_index) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    countEntries: db.prepare<[string], { n: number }>(
      "SELECT COUNT(*) AS n FROM status_list_entries WHERE list_id = ?",
    ),
    list: db.prepare<[string], ListRow>(
      "SELECT list_id, bits, credential, digest, updated_at, version, anchored FROM status_lists WHERE list_id = ?",
    ),
    saveList: db.prepare(
      `INSERT INTO status_lists (list_id, bits, credential, digest, updated_at, version, anchored)
       VALUES (?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (list_id) DO UPDATE SET bits = excluded.bits, credential = excluded.credential,
       digest = excluded.digest, updated_at = excluded.updated_at, version = excluded.version, anchored = 1`,
    ),
    pending: db.prepare<[string], ListRow>(
      "SELECT list_id, bits, credential, digest, updated_at, version, 0 AS anchored FROM status_list_pending WHERE list_id = ?",
    ),
    savePending: db.prepare(
      `INSERT INTO status_list_pending (list_id, bits, credential, digest, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (list_id) DO UPDATE SET bits = excluded.bits, credential = excluded.credential,
       digest = excluded.digest, updated_at = excluded.updated_at, version = excluded.version`,
    ),
    deletePending: db.prepare("DELETE FROM status_list_pending WHERE list_id = ?"),
    unanchored: db.prepare<[], { list_id: string }>(
      `SELECT list_id FROM status_list_pending
       UNION SELECT list_id FROM status_lists WHERE anchored = 0 ORDER BY list_id`,
    ),
  };
});

/** The list and index certificate `certificateId` holds, or null (certificates issued before lists). */
export function statusEntryOf(
  db: ServiceDatabase,
  certificateId: string,
): { listId: string; index: number } | null {
  const row = statements(db).entry.get(certificateId);
  return row ? { listId: row.list_id, index: row.list_index } : null;
}

/** How many indexes list `listId` has given out. */
export function entriesInList(db: ServiceDatabase, listId: string): number {
  return statements(db).countEntries.get(listId)?.n ?? 0;
}

/**
 * Gives `certificateId` index `index` of list `listId`: true when it now holds it, false when the index is
 * taken (by another certificate) or the certificate holds another one already.
 */
export function claimStatusEntry(
  db: ServiceDatabase,
  entry: { certificateId: string; listId: string; index: number },
): boolean {
  return statements(db).insertEntry.run(entry.certificateId, entry.listId, entry.index).changes > 0;
}

/** The list's published version: the one anchored on chain (or, from before anchors, not anchored yet). */
export function findStatusList(db: ServiceDatabase, listId: string): StoredStatusList | null {
  const row = statements(db).list.get(listId);
  return row ? fromRow(row) : null;
}

/** The version signed and stored in IPFS but not anchored yet, or null. */
export function findPendingStatusList(db: ServiceDatabase, listId: string): StoredStatusList | null {
  const row = statements(db).pending.get(listId);
  return row ? fromRow(row) : null;
}

/** Keeps a signed version to anchor; it is published once the chain holds it ({@link saveAnchoredStatusList}). */
export function savePendingStatusList(db: ServiceDatabase, list: StoredStatusList): void {
  statements(db).savePending.run(
    list.listId,
    list.bits,
    list.credential,
    list.digest,
    list.updatedAt,
    list.version,
  );
}

/** Publishes a version the chain anchors (as `list.version`), and drops the pending one it was. */
export function saveAnchoredStatusList(db: ServiceDatabase, list: StoredStatusList): void {
  db.transaction(() => {
    const s = statements(db);
    s.saveList.run(list.listId, list.bits, list.credential, list.digest, list.updatedAt, list.version);
    s.deletePending.run(list.listId);
  })();
}

/** Lists with a version the chain may not hold yet: a pending one, or a list published before anchors. */
export function unanchoredStatusLists(db: ServiceDatabase): string[] {
  return statements(db)
    .unanchored.all()
    .map((row) => row.list_id);
}
