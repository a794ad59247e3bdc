/**
 * Garments inside a batch. Each garment gets a serial (1..N) and an authentication code printed in its QR
 * code; the batch commits to all of them on chain with one Merkle root, so no storage slot is spent per garment.
 *
 * - The code is an HMAC of the batch id and serial under a secret kept in the data dir: the service can print
 *   labels again at any time without storing codes, and nobody without the secret can mint valid ones.
 * - A leaf is OpenZeppelin's standard leaf over `(uint256 serial, bytes32 keccak256(code))`, so the contract's
 *   `verifyGarment` and `@openzeppelin/merkle-tree` agree.
 * - The manifest (every leaf, in serial order) goes to IPFS with the sewing record: anyone can rebuild the
 *   tree, check it against the chain's root and prove one garment, and the leaves reveal no code.
 */
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";
import createKeccakHash from "keccak";
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Hex } from "../chain/ledger";
import { buildGarmentTree, type GarmentTree } from "./merkle";

export { buildGarmentTree, nativeNodeHash, type GarmentTree } from "./merkle";

const LEAF_BYTES = 32;
/** Crockford base32: no I, L, O or U, so a code read aloud or typed from a label is unambiguous. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 10 characters of base32 carry 50 bits: guessing one garment's code takes ~10^15 tries. */
export const GARMENT_CODE_LENGTH = 10;
/** The most garments one sewing batch may commit to. */
export const MAX_GARMENTS_PER_BATCH = 100_000;

/** Loads (or creates, mode 0600) the secret behind garment authentication codes. */
export function loadGarmentSecret(dataDir: string): Buffer {
  const dir = join(dataDir, "keys");
  const path = join(dir, "garment-codes.key");
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path, randomBytes(32), { mode: 0o600, flag: "wx" });
  }
  return readFileSync(path);
}

/** The authentication code of garment `serial` in batch `lotId`. */
export function garmentCode(secret: Buffer, lotId: string, serial: number): string {
  const mac = createHmac("sha256", secret).update(`${lotId}\n${serial}`).digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 0; i < GARMENT_CODE_LENGTH; i++) {
    code = CODE_ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code;
}

/** Normalises a code as typed or scanned (case, Crockford look-alikes) before hashing. */
export function normaliseGarmentCode(code: string): string {
  return code.trim().toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");
}

export function garmentCodeHash(code: string): Hex {
  return `0x${nativeKeccak(toUtf8Bytes(normaliseGarmentCode(code))).toString("hex")}` as Hex;
}

const abi = AbiCoder.defaultAbiCoder();

/** OpenZeppelin's standard leaf for `(uint256 serial, bytes32 codeHash)`, with ethers (the reference). */
export function garmentLeafReference(serial: number, codeHash: Hex): Hex {
  return keccak256(keccak256(abi.encode(["uint256", "bytes32"], [serial, codeHash]))) as Hex;
}

function nativeKeccak(bytes: Uint8Array): Buffer {
  return createKeccakHash("keccak256")
    .update(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest();
}

/**
 * OpenZeppelin's standard leaf for `(uint256 serial, bytes32 codeHash)`: keccak256(keccak256(abi.encode)). The
 * ABI encoding of a uint256 and a bytes32 is their two 32-byte words, and keccak is the native binding: ethers'
 * encoder and pure-JS keccak took about 2 ms a garment (minutes for a 100,000-garment batch); the test compares
 * both with {@link garmentLeafReference}.
 */
export function garmentLeaf(serial: number, codeHash: Hex): Hex {
  if (!Number.isSafeInteger(serial) || serial < 0) throw new RangeError(`Not a serial: ${serial}`);
  const encoded = Buffer.alloc(64);
  encoded.writeBigUInt64BE(BigInt(serial), 24);
  Buffer.from(codeHash.slice(2), "hex").copy(encoded, 32);
  return `0x${nativeKeccak(nativeKeccak(encoded)).toString("hex")}` as Hex;
}

export interface GarmentCommitment {
  root: Hex;
  count: number;
  /** Every leaf in serial order, 32 bytes each: the public manifest stored in IPFS. */
  manifest: Uint8Array;
}

/** Builds the commitment for garments 1..count of batch `lotId`. */
export function buildGarmentCommitment(params: {
  secret: Buffer;
  lotId: string;
  count: number;
}): GarmentCommitment {
  const { secret, lotId, count } = params;
  if (!Number.isInteger(count) || count < 1 || count > MAX_GARMENTS_PER_BATCH) {
    throw new RangeError(`A batch holds 1 to ${MAX_GARMENTS_PER_BATCH} garments, not ${count}`);
  }
  const manifest = new Uint8Array(count * LEAF_BYTES);
  const leaves: Hex[] = [];
  for (let serial = 1; serial <= count; serial++) {
    const leaf = garmentLeaf(serial, garmentCodeHash(garmentCode(secret, lotId, serial)));
    manifest.set(Buffer.from(leaf.slice(2), "hex"), (serial - 1) * LEAF_BYTES);
    leaves.push(leaf);
  }
  return { root: buildGarmentTree(leaves).root, count, manifest };
}

/** The leaves of a manifest, in serial order. */
export function manifestLeaves(manifest: Uint8Array): Hex[] {
  if (manifest.length === 0 || manifest.length % LEAF_BYTES !== 0)
    throw new Error("Malformed garment manifest");
  const leaves: Hex[] = [];
  for (let offset = 0; offset < manifest.length; offset += LEAF_BYTES) {
    leaves.push(`0x${Buffer.from(manifest.subarray(offset, offset + LEAF_BYTES)).toString("hex")}`);
  }
  return leaves;
}

export interface GarmentProof {
  /** The root the manifest builds; compare it with the chain's. */
  root: Hex;
  leaf: Hex;
  /** Whether the scanned serial and code match the manifest's leaf for that serial. */
  matches: boolean;
  proof: Hex[];
}

/**
 * Checks a scanned serial and code against a batch's manifest and gives the Merkle proof of its leaf.
 * `matches` is false for a serial outside the batch or a wrong code.
 */
export function proveGarment(
  tree: GarmentTree,
  leaves: readonly Hex[],
  serial: number,
  code: string,
): GarmentProof {
  const leaf = garmentLeaf(serial, garmentCodeHash(code));
  const expected = Number.isInteger(serial) && serial >= 1 ? leaves[serial - 1] : undefined;
  const matches = expected !== undefined && expected === leaf;
  return { root: tree.root, leaf, matches, proof: matches ? (tree.proofOf(leaf) ?? []) : [] };
}
