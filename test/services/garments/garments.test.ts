import { SimpleMerkleTree, StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import {
  buildGarmentCommitment,
  garmentCode,
  garmentCodeHash,
  buildGarmentTree,
  loadGarmentSecret,
  manifestLeaves,
  proveGarment,
} from "../../../services/garments";

const secret = Buffer.from("11".repeat(32), "hex");

describe("garment commitments", () => {
  it("derives stable, unambiguous codes per batch and serial", () => {
    const code = garmentCode(secret, "SEW-1", 7);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(garmentCode(secret, "SEW-1", 7)).toBe(code);
    expect(garmentCode(secret, "SEW-1", 8)).not.toBe(code);
    expect(garmentCode(secret, "SEW-2", 7)).not.toBe(code);
    expect(garmentCode(randomBytes(32), "SEW-1", 7)).not.toBe(code);
    // Typed in lower case it is still the same code.
    expect(garmentCodeHash(code.toLowerCase())).toBe(garmentCodeHash(code));
  });

  it("builds the same root as OpenZeppelin's StandardMerkleTree over (serial, codeHash)", () => {
    const { root, manifest, count } = buildGarmentCommitment({ secret, lotId: "SEW-1", count: 1000 });
    expect(count).toBe(1000);
    expect(manifest.length).toBe(32_000);
    const values = Array.from({ length: 1000 }, (_, i) => [
      i + 1,
      garmentCodeHash(garmentCode(secret, "SEW-1", i + 1)),
    ]);
    expect(root).toBe(StandardMerkleTree.of(values, ["uint256", "bytes32"]).root);
  });

  it("proves a garment with its code and refuses a wrong code or a serial outside the batch", () => {
    const { root, manifest } = buildGarmentCommitment({ secret, lotId: "SEW-1", count: 33 });
    const leaves = manifestLeaves(manifest);
    const tree = buildGarmentTree(leaves);
    expect(tree.root).toBe(root);
    const good = proveGarment(tree, leaves, 17, garmentCode(secret, "SEW-1", 17));
    expect(good.matches).toBe(true);
    expect(SimpleMerkleTree.verify(root, good.leaf, good.proof)).toBe(true);
    expect(proveGarment(tree, leaves, 17, garmentCode(secret, "SEW-1", 18)).matches).toBe(false);
    expect(proveGarment(tree, leaves, 34, garmentCode(secret, "SEW-1", 34)).matches).toBe(false);
    expect(proveGarment(tree, leaves, 0, garmentCode(secret, "SEW-1", 0)).matches).toBe(false);
  });

  it("refuses empty and oversized batches", () => {
    expect(() => buildGarmentCommitment({ secret, lotId: "S", count: 0 })).toThrow(RangeError);
    expect(() => buildGarmentCommitment({ secret, lotId: "S", count: 100_001 })).toThrow(RangeError);
  });

  it("keeps the code secret in a 0600 file in the data dir, created once", () => {
    const dir = mkdtempSync(join(tmpdir(), "threadproof-garments-"));
    try {
      const first = loadGarmentSecret(dir);
      expect(first).toHaveLength(32);
      expect(loadGarmentSecret(dir).equals(first)).toBe(true);
      expect(statSync(join(dir, "keys", "garment-codes.key")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("garment proofs on chain", () => {
  let dataDir: string;
  let ledger: CreatedLedger;
  const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "threadproof-garments-chain-"));
    ledger = await createLedger({ dataDir });
  });
  afterAll(async () => {
    await ledger?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the contract's verifyGarment accepts the proof of a real code and rejects a forged one", async () => {
    await ledger.registerFacility({
      facilityId: "f",
      country: "VN",
      roles: ["fabric", "cutting", "sewing"],
      metadataDigest: digest("f"),
    });
    await ledger.setGtinPrefixes("f", ["8938505"]);
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL",
      facilityId: "f",
      quantity: { amount: 10, unit: "m" },
      recordDigest: digest("FL"),
    });
    await ledger.record({
      kind: "cutting",
      lotId: "CUT",
      facilityId: "f",
      inputs: [{ lotId: "FL", quantity: { amount: 10, unit: "m" } }],
      quantity: { amount: 200, unit: "pcs" },
      recordDigest: digest("CUT"),
    });
    const commitment = buildGarmentCommitment({ secret, lotId: "SEW", count: 100 });
    await ledger.record({
      kind: "sewing",
      lotId: "SEW",
      facilityId: "f",
      inputs: [{ lotId: "CUT", quantity: { amount: 200, unit: "pcs" } }],
      quantity: { amount: 100, unit: "pcs" },
      garmentsRoot: commitment.root,
      gtin: "08938505974019",
      recordDigest: digest("SEW"),
    });

    const leaves = manifestLeaves(commitment.manifest);
    const tree = buildGarmentTree(leaves);
    const code = garmentCode(secret, "SEW", 42);
    const { proof } = proveGarment(tree, leaves, 42, code);
    expect(
      await ledger.verifyGarment({ lotId: "SEW", serial: 42, codeHash: garmentCodeHash(code), proof }),
    ).toBe(true);
    expect(
      await ledger.verifyGarment({
        lotId: "SEW",
        serial: 42,
        codeHash: garmentCodeHash("AAAAAAAAAA"),
        proof,
      }),
    ).toBe(false);
    expect(
      await ledger.verifyGarment({ lotId: "SEW", serial: 43, codeHash: garmentCodeHash(code), proof }),
    ).toBe(false);
  });
});
