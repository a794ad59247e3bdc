/**
 * The register of checked documents: for a CID, the sha-256 and size of the bytes that CID names, once they
 * were hashed here (when the document was stored, or when a scan first read it). A scan then shows such a
 * document as checked without reading it again, so what one scan costs does not grow with what a facility
 * cites.
 *
 * Keeping this is safe because content addressing makes it a fact that never goes stale: a CID names one
 * sequence of bytes forever, so "the bytes of this CID hash to S" stays true whatever any record later
 * claims. A record that cites the CID with another hash is caught from the register alone. Only verified
 * matches are kept: a read whose bytes did not match is never remembered, so it is read again next time.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

/** What the register knows of one CID. */
export interface CheckedDocument {
  cid: string;
  /** Lower-case hex sha-256 of the bytes the CID names. */
  sha256: string;
  /** Their size in bytes. */
  bytes: number;
  /** When they were hashed (ISO 8601). */
  checkedAt: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checked_documents (
  cid TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,                     -- lower-case hex of the bytes the CID names
  bytes INTEGER NOT NULL,
  checked_at TEXT NOT NULL
);
`;

const statements = oncePer((db: ServiceDatabase) => {
  // Created here rather than in database.ts: the register is this file's alone, and a data dir from before
  // it gets the table on first use.
  db.exec(SCHEMA);
  return {
    find: db.prepare<[string], { cid: string; sha256: string; bytes: number; checked_at: string }>(
      "SELECT cid, sha256, bytes, checked_at FROM checked_documents WHERE cid = ?",
    ),
    insert: db.prepare(
      `INSERT INTO checked_documents (cid, sha256, bytes, checked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (cid) DO NOTHING`,
    ),
    forget: db.prepare("DELETE FROM checked_documents WHERE cid = ?"),
  };
});

/** What the register knows of `cid`, or null when its bytes were never hashed here. */
export function findCheckedDocument(db: ServiceDatabase, cid: string): CheckedDocument | null {
  const row = statements(db).find.get(cid);
  return row ? { cid: row.cid, sha256: row.sha256, bytes: row.bytes, checkedAt: row.checked_at } : null;
}

/**
 * Remembers that the bytes of `cid` hash to `sha256`. The first entry of a CID stays: a CID names one
 * sequence of bytes, so a second check can only agree with it.
 */
export function recordCheckedDocument(
  db: ServiceDatabase,
  entry: { cid: string; sha256: string; bytes: number; checkedAt?: string },
): void {
  statements(db).insert.run(
    entry.cid,
    entry.sha256.toLowerCase().replace(/^0x/, ""),
    entry.bytes,
    entry.checkedAt ?? new Date().toISOString(),
  );
}

/** Forgets `cid` (an operator clearing the register, e.g. after restoring blocks from a backup). */
export function forgetCheckedDocument(db: ServiceDatabase, cid: string): void {
  statements(db).forget.run(cid);
}
