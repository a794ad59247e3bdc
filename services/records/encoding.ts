/**
 * How a record becomes bytes and a name: canonical JSON (RFC 8785), stored in IPFS as one raw block, so the
 * record's CID is CIDv1(raw, sha2-256(bytes)) and the digest the chain keeps is that same sha-256. Either one
 * names the record.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Hex } from "../chain/ledger";
import { AppError } from "../errors/index";
import { parseCid, RAW_CODEC, SHA2_256 } from "../support/cid";
import { loadMultiformats } from "../support/multiformats";

const DIGEST_PATTERN = /^0x[0-9a-f]{64}$/;

/** INVALID_RECORD_REFERENCE: a value is neither a raw sha2-256 CID nor a 0x-prefixed sha-256 digest. */
export class InvalidRecordReferenceError extends AppError {
  constructor(value: string) {
    super("INVALID_RECORD_REFERENCE", "Not a record CID (raw, sha2-256) or a sha-256 digest", {
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
