/**
 * One commitment per capture: a Merkle root over the sha-256 digests of its events' CBV 2.0 hashes, so a
 * capture of 10,000 events goes on chain as one value and each event is still provable alone.
 *
 * The tree is OpenZeppelin's standard Merkle tree over `bytes32` values — leaf `keccak256(keccak256(digest))`,
 * nodes keccak256 of the sorted pair — built with the same fast path as the garment trees
 * (services/garments/merkle.ts), so a contract verifies a proof with OpenZeppelin's `MerkleProof.verify`.
 * The same event twice in a capture is one leaf.
 */
import createKeccakHash from "keccak";
import type { Hex } from "../chain/ledger";
import { buildGarmentTree, nativeNodeHash } from "../garments/merkle";

const EVENT_HASH = /^ni:\/\/\/sha-256;([0-9a-f]{64})\?ver=CBV2\.0$/;

/** The sha-256 digest an event hash carries, as `0x…`; throws on anything but a CBV 2.0 sha-256 event hash. */
export function digestOfEventHash(eventHash: string): Hex {
  const match = EVENT_HASH.exec(eventHash);
  if (!match) throw new RangeError(`not a CBV 2.0 sha-256 event hash: ${eventHash.slice(0, 100)}`);
  return `0x${match[1]}` as Hex;
}

const keccak = (bytes: Buffer) => createKeccakHash("keccak256").update(bytes).digest();

/** The standard-tree leaf of an event hash: keccak256(keccak256(abi.encode(bytes32 digest))). */
export function eventLeaf(eventHash: string): Hex {
  const digest = Buffer.from(digestOfEventHash(eventHash).slice(2), "hex");
  return `0x${keccak(keccak(digest)).toString("hex")}` as Hex;
}

export interface CaptureCommitment {
  /** The Merkle root that goes on chain for the capture. */
  root: Hex;
  /** How many distinct events it commits to. */
  size: number;
  /** The proof that `eventHash` is in the capture, or null when it is not. */
  proofOf(eventHash: string): Hex[] | null;
}

/**
 * The commitment of a capture's events, given by their CBV 2.0 event hashes.
 *
 * @example
 * const commitment = commitCapture(hashes);
 * verifyEventProof({ root: commitment.root, eventHash: hashes[0], proof: commitment.proofOf(hashes[0])! });
 */
export function commitCapture(eventHashes: readonly string[]): CaptureCommitment {
  if (eventHashes.length === 0) throw new RangeError("a capture commits to at least one event");
  const leafOf = new Map(eventHashes.map((hash) => [hash, eventLeaf(hash)]));
  const tree = buildGarmentTree([...new Set(leafOf.values())]);
  return {
    root: tree.root,
    size: new Set(leafOf.values()).size,
    proofOf(eventHash) {
      const leaf = leafOf.get(eventHash);
      return leaf === undefined ? null : tree.proofOf(leaf);
    },
  };
}

export interface VerifyEventProofParameters {
  root: Hex;
  eventHash: string;
  proof: readonly Hex[];
}

/** True when `proof` shows `eventHash` is one of the events committed to by `root`. */
export function verifyEventProof({ root, eventHash, proof }: VerifyEventProofParameters): boolean {
  let node: string = eventLeaf(eventHash);
  for (const sibling of proof) node = nativeNodeHash(node, sibling);
  return node.toLowerCase() === root.toLowerCase();
}

/** The id under which a capture's events are committed on chain (the contract's `eventCommitment`). */
export function captureCommitmentId(captureId: string): string {
  return `epcis-capture:${captureId}`;
}
