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
}

const statements = oncePer((db: ServiceDatabase) => {
  db.exec(SCHEMA);
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
    list: db.prepare<
      [string],
      { list_id: string; bits: Buffer; credential: string; digest: string; updated_at: string }
    >("SELECT list_id, bits, credential, digest, updated_at FROM status_lists WHERE list_id = ?"),
    saveList: db.prepare(
      `INSERT INTO status_lists (list_id, bits, credential, digest, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (list_id) DO UPDATE SET bits = excluded.bits, credential = excluded.credential,
       digest = excluded.digest, updated_at = excluded.updated_at`,
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

export function findStatusList(db: ServiceDatabase, listId: string): StoredStatusList | null {
  const row = statements(db).list.get(listId);
  return row
    ? {
        listId: row.list_id,
        bits: row.bits,
        credential: row.credential,
        digest: row.digest,
        updatedAt: row.updated_at,
      }
    : null;
}

export function saveStatusList(db: ServiceDatabase, list: StoredStatusList): void {
  statements(db).saveList.run(list.listId, list.bits, list.credential, list.digest, list.updatedAt);
}
