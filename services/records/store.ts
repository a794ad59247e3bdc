/** Putting records into and getting them out of the document store, checked against their digests. */
import type { Hex } from "../chain/ledger";
import { AppError, hasCode } from "../errors/index";
import type { DocumentStore } from "../ipfs/document-store";
import { cidFromDigest, digestFromCid, encodeRecord, sha256Hex } from "./encoding";

/** True when `error` says the record is missing, altered or not JSON: what a reader treats as "no record". */
export function isUnreadableRecord(error: unknown): boolean {
  return (
    hasCode(error, "NOT_FOUND") || hasCode(error, "RECORD_DIGEST_MISMATCH") || hasCode(error, "NOT_A_RECORD")
  );
}

/** RECORD_DIGEST_MISMATCH: a record's bytes do not hash to the digest that names them (tampering or a broken store). */
export class RecordIntegrityError extends AppError {
  constructor(cid: string, expected: Hex, actual: Hex) {
    super("RECORD_DIGEST_MISMATCH", `Record ${cid} does not match its digest`, {
      details: { cid, expected, actual },
    });
  }
}

export interface StoredRecord<T = unknown> {
  record: T;
  cid: string;
  digest: Hex;
  bytes: Uint8Array;
}

/**
 * Encodes `record` canonically and stores it as a raw block.
 *
 * @example
 * const { cid, digest } = await putRecord(store, { type: "fabric-lot", id: "FL-1", ... });
 */
export async function putRecord<T>(store: Pick<DocumentStore, "put">, record: T): Promise<StoredRecord<T>> {
  const bytes = encodeRecord(record);
  const digest = sha256Hex(bytes);
  const { cid } = await store.put(bytes, { format: "raw-block" });
  return { record, cid, digest, bytes };
}

/**
 * Fetches a record by CID or by digest and checks that its bytes hash to the digest before parsing them.
 * Rejects with NOT_FOUND when the store lacks it and RECORD_DIGEST_MISMATCH when the bytes were altered.
 * The record is JSON as stored: read it with its kind's reader (e.g. `readEventRecord`).
 */
export async function getRecord<T = unknown>(
  store: Pick<DocumentStore, "get">,
  cidOrDigest: string,
): Promise<StoredRecord<T>> {
  const isDigest = cidOrDigest.startsWith("0x");
  const digest = isDigest ? (cidOrDigest.toLowerCase() as Hex) : await digestFromCid(cidOrDigest);
  const cid = isDigest ? await cidFromDigest(digest) : cidOrDigest;
  const bytes = await store.get(cid);
  const actual = sha256Hex(bytes);
  if (actual !== digest) throw new RecordIntegrityError(cid, digest, actual);
  let record: T;
  try {
    record = JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch (cause) {
    throw new AppError("NOT_A_RECORD", `IPFS object ${cid} is not a JSON record`, {
      details: { cid },
      cause,
    });
  }
  return { record, cid, digest, bytes };
}
