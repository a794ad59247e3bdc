/**
 * Fetching content from IPFS and checking it against the hash the chain (or a chain-anchored record) names.
 * The store does not check hashes itself (Helia's file blockstore returns whatever bytes are on disk), so
 * every read is hashed here: a missing object is `unavailable`, different bytes are `failed`.
 */
import { createHash } from "node:crypto";
import type { Hex } from "../chain/ledger";
import { hasCode } from "../errors";
import type { DocumentStore } from "../ipfs";
import { cidFromDigest } from "../records";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";
import { errorDetail, shortHex } from "./checks";

export type FetchOutcome =
  | { status: "passed"; bytes: Uint8Array }
  | { status: "failed" | "unavailable"; detail: string; note: CheckNote };

/** Bytes hashed between two yields to the event loop: a few milliseconds of work. */
const HASH_SLICE_BYTES = 1024 * 1024;

/** sha-256 in slices that yield to the event loop, so hashing a large document never holds other requests. */
async function sha256(bytes: Uint8Array): Promise<string> {
  const hash = createHash("sha256");
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_SLICE_BYTES) {
    if (offset > 0) await new Promise((resolve) => setImmediate(resolve));
    hash.update(bytes.subarray(offset, offset + HASH_SLICE_BYTES));
  }
  return hash.digest("hex");
}

/** Fetches `cid` and checks that its bytes hash (sha-256) to `expectedSha256` (hex, with or without 0x). */
export async function fetchVerified(
  store: Pick<DocumentStore, "get">,
  cid: string,
  expectedSha256: string,
): Promise<FetchOutcome> {
  const expected = expectedSha256.toLowerCase().replace(/^0x/, "");
  let bytes: Uint8Array;
  try {
    bytes = await store.get(cid);
  } catch (error) {
    if (hasCode(error, "NOT_FOUND"))
      return {
        status: "unavailable",
        detail: `IPFS does not hold ${cid}`,
        note: note("ipfs-missing", { cid }),
      };
    return {
      status: "unavailable",
      detail: `IPFS could not give ${cid}: ${errorDetail(error)}`,
      note: note("ipfs-unreachable", { cid }),
    };
  }
  const actual = await sha256(bytes);
  if (actual !== expected) {
    return {
      status: "failed",
      detail: `sha-256 of ${cid} is ${shortHex(actual)}, the recorded hash is ${shortHex(expected)}`,
      note: note("content-hash-mismatch", { cid, actual: shortHex(actual), expected: shortHex(expected) }),
    };
  }
  return { status: "passed", bytes };
}

/** Fetches the raw-block record whose sha-256 is `digest` (what the chain stores) and checks it. */
export async function fetchRecordBytes(
  store: Pick<DocumentStore, "get">,
  digest: Hex,
): Promise<FetchOutcome & { cid: string }> {
  const cid = await cidFromDigest(digest);
  return { ...(await fetchVerified(store, cid, digest)), cid };
}
