/**
 * The garment work that runs in worker threads (services/support/worker-pool.ts): a big batch's commitment
 * (100,000 HMAC codes, leaves and a Merkle tree take seconds) and the tree of a stored manifest. Plain
 * functions of cloneable inputs; the main thread only posts and receives.
 */
import { buildGarmentCommitment, manifestLeaves } from "./index";
import { garmentTreeNodes } from "./merkle";
import type { Hex } from "../chain/ledger";

/** The commitment of garments 1..count of batch `lotId` (the secret travels as bytes, never logged). */
export function garmentCommitment(input: { secret: Uint8Array; lotId: string; count: number }): {
  root: Hex;
  count: number;
  manifest: Uint8Array;
} {
  return buildGarmentCommitment({
    secret: Buffer.from(input.secret),
    lotId: input.lotId,
    count: input.count,
  });
}

/** The packed tree nodes and leaves of a stored manifest (throws on a malformed one). */
export function manifestTree(input: { manifest: Uint8Array }): { nodes: Uint8Array; leaves: Hex[] } {
  const leaves = manifestLeaves(input.manifest);
  return { nodes: garmentTreeNodes(leaves), leaves };
}
