/**
 * The register of uploaded documents: which principal uploaded which CID, with its sha-256, size and media
 * type. Events cite documents by CID; the register is how their records get the hash and type.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

/** One upload as registered. */
export interface Upload {
  cid: string;
  /** The principal's name, e.g. `facility:mill-a`. */
  uploadedBy: string;
  /** Lower-case hex sha-256 of the bytes. */
  sha256: string;
  size: number;
  mediaType: string;
  type: string | null;
  uploadedAt: string;
}

const statements = oncePer((db: ServiceDatabase) => ({
  insert: db.prepare(
    `INSERT INTO uploads (cid, uploaded_by, sha256, size, media_type, type, uploaded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cid, uploaded_by) DO NOTHING`,
  ),
  first: db.prepare<[string], { sha256: string; media_type: string; size: number }>(
    "SELECT sha256, media_type, size FROM uploads WHERE cid = ? ORDER BY uploaded_at, uploaded_by LIMIT 1",
  ),
}));

/** Registers an upload; the same principal uploading the same CID again changes nothing. */
export function registerUpload(db: ServiceDatabase, upload: Upload): void {
  statements(db).insert.run(
    upload.cid,
    upload.uploadedBy,
    upload.sha256,
    upload.size,
    upload.mediaType,
    upload.type,
    upload.uploadedAt,
  );
}

/** The first upload of `cid` (by time, then principal): its hash, media type and size; null if never uploaded. */
export function findUpload(
  db: ServiceDatabase,
  cid: string,
): { sha256: string; mediaType: string; size: number } | null {
  const row = statements(db).first.get(cid);
  return row ? { sha256: row.sha256, mediaType: row.media_type, size: row.size } : null;
}
