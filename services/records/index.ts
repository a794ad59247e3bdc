/**
 * Event and facility records: canonical JSON (RFC 8785) stored in IPFS as one raw block, so the record's CID is
 * CIDv1(raw, sha2-256(bytes)) and the digest the chain keeps is that same sha-256. Either one names the record.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Hex } from "../chain/ledger";
import { AppError } from "../errors";
import type { DocumentStore } from "../ipfs";
import { parseCid, RAW_CODEC } from "../ipfs";
import { loadMultiformats } from "../ipfs/multiformats";

const SHA2_256 = 0x12;
const DIGEST_PATTERN = /^0x[0-9a-f]{64}$/;

/** 502: a record's bytes do not hash to the digest that names them (tampering or a broken store). */
export class RecordIntegrityError extends AppError {
  constructor(cid: string, expected: Hex, actual: Hex) {
    super("RECORD_DIGEST_MISMATCH", 502, `Record ${cid} does not match its digest`, {
      details: { cid, expected, actual },
    });
  }
}

/** 400: a value is neither a raw sha2-256 CID nor a 0x-prefixed sha-256 digest. */
export class InvalidRecordReferenceError extends AppError {
  constructor(value: string) {
    super("INVALID_RECORD_REFERENCE", 400, "Not a record CID (raw, sha2-256) or a sha-256 digest", {
      details: { value: value.slice(0, 100) },
    });
  }
}

/** RFC 8785 canonical JSON bytes of `record`; the same record always gives the same bytes. */
export function encodeRecord(record: unknown): Uint8Array {
  const text = canonicalize(record);
  if (text === undefined) throw new TypeError("A record must be a JSON value");
  return new TextEncoder().encode(text);
}

/** sha-256 of `bytes` as 0x-prefixed lower-case hex (the on-chain `recordDigest`). */
export function sha256Hex(bytes: Uint8Array): Hex {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

/** The CID of the raw block whose sha-256 is `digest`. */
export async function cidFromDigest(digest: Hex): Promise<string> {
  if (!DIGEST_PATTERN.test(digest)) throw new InvalidRecordReferenceError(digest);
  // Loaded once: a dynamic import per call costs a module resolution each time.
  const { CID, createDigest } = await loadMultiformats();
  return CID.createV1(RAW_CODEC, createDigest(SHA2_256, Buffer.from(digest.slice(2), "hex"))).toString();
}

/** The sha-256 digest a raw sha2-256 CID names; other CIDs are an {@link InvalidRecordReferenceError}. */
export async function digestFromCid(cid: string): Promise<Hex> {
  const parsed = await parseCid(cid);
  if (parsed.code !== RAW_CODEC || parsed.multihash.code !== SHA2_256)
    throw new InvalidRecordReferenceError(cid);
  return `0x${Buffer.from(parsed.multihash.digest).toString("hex")}`;
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
    throw new AppError("NOT_A_RECORD", 422, `IPFS object ${cid} is not a JSON record`, {
      details: { cid },
      cause,
    });
  }
  return { record, cid, digest, bytes };
}
