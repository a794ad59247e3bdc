/**
 * Which IPFS objects the read model cites, with the hash it cites them by: event records (the chain's
 * digest), documents (the sha-256 their event record carries) and garment manifests. Only these may be served
 * from the service's own IPFS route.
 */
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

/** An object the read model cites: what it is, the hex sha-256 (with or without 0x) and its media type if known. */
export interface CitedContent {
  kind: "record" | "document" | "manifest";
  sha256: string;
  mediaType: string | null;
}

const statements = oncePer((db: IndexDatabase) => ({
  record: db.prepare<[string], { record_digest: string }>(
    "SELECT record_digest FROM lots WHERE record_cid = ? LIMIT 1",
  ),
  document: db.prepare<[string], { sha256: string; media_type: string | null }>(
    "SELECT sha256, media_type FROM lot_documents WHERE cid = ? AND sha256 IS NOT NULL LIMIT 1",
  ),
  manifest: db.prepare<[string], { manifest_digest: string | null }>(
    "SELECT manifest_digest FROM garment_commitments WHERE manifest_cid = ? LIMIT 1",
  ),
  namedRecord: db.prepare<[string, string], { found: number }>(
    "SELECT 1 AS found FROM lots WHERE record_cid = ? UNION ALL SELECT 1 FROM facilities WHERE metadata_cid = ? LIMIT 1",
  ),
}));

/** The event record, document or garment manifest `cid` is, as the read model cites it; null if uncited. */
export function findCitedContent(db: IndexDatabase, cid: string): CitedContent | null {
  const read = statements(db);
  const record = read.record.get(cid);
  if (record) return { kind: "record", sha256: record.record_digest, mediaType: "application/json" };
  const document = read.document.get(cid);
  if (document) return { kind: "document", sha256: document.sha256, mediaType: document.media_type };
  const manifest = read.manifest.get(cid);
  if (manifest?.manifest_digest)
    return { kind: "manifest", sha256: manifest.manifest_digest, mediaType: null };
  return null;
}

/** Whether `cid` is a record the chain names: an event record or a facility's metadata record. */
export function isChainNamedRecord(db: IndexDatabase, cid: string): boolean {
  return statements(db).namedRecord.get(cid, cid) !== undefined;
}
