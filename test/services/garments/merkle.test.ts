/** The fast garment tree is the library's tree: same root and same proofs as `SimpleMerkleTree.of` for any batch. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { keccak256, toUtf8Bytes } from "ethers";
import {
  buildGarmentCommitment,
  garmentCodeHash,
  garmentLeaf,
  garmentLeafReference,
  manifestLeaves,
  normaliseGarmentCode,
} from "../../../services/garments";
import type { Hex } from "../../../services/chain/ledger";
import {
  buildGarmentTree,
  garmentTreeNodes,
  garmentTreeOfNodes,
  nativeNodeHash,
} from "../../../services/garments/merkle";

const leafArbitrary = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes).toString("hex")}` as Hex);

describe("buildGarmentTree", () => {
  it("hashes a node as the library does", () => {
    fc.assert(
      fc.property(leafArbitrary, leafArbitrary, (a, b) => {
        const expected = SimpleMerkleTree.of([a, b]).root;
        expect(nativeNodeHash(a, b)).toBe(expected);
        expect(nativeNodeHash(b, a)).toBe(expected);
      }),
    );
  });

  it("gives the library's root and proofs for any set of leaves", () => {
    fc.assert(
      fc.property(fc.uniqueArray(leafArbitrary, { minLength: 1, maxLength: 70 }), (leaves) => {
        const reference = SimpleMerkleTree.of(leaves);
        const fast = buildGarmentTree(leaves);
        expect(fast.root).toBe(reference.root);
        leaves.forEach((leaf, index) => {
          const proof = fast.proofOf(leaf)!;
          expect(proof).toEqual(reference.getProof(index));
          expect(SimpleMerkleTree.verify(reference.root, leaf, proof)).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("matches a real batch commitment and knows no leaf outside it", () => {
    const commitment = buildGarmentCommitment({ secret: Buffer.alloc(32, 7), lotId: "SEW-T", count: 500 });
    const leaves = manifestLeaves(commitment.manifest);
    const tree = buildGarmentTree(leaves);
    expect(tree.root).toBe(commitment.root);
    expect(tree.proofOf(`0x${"00".repeat(32)}`)).toBeNull();
    expect(tree.proofOf(leaves[499]!)).toEqual(SimpleMerkleTree.of(leaves).getProof(499));
  });

  it("gives the same root and proofs from packed nodes (what a worker thread sends back)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(leafArbitrary, { minLength: 1, maxLength: 70 }),
        leafArbitrary,
        (leaves, other) => {
          const reference = SimpleMerkleTree.of(leaves);
          const packed = garmentTreeOfNodes(garmentTreeNodes(leaves));
          expect(packed.root).toBe(reference.root);
          leaves.forEach((leaf, index) => expect(packed.proofOf(leaf)).toEqual(reference.getProof(index)));
          if (!leaves.includes(other)) expect(packed.proofOf(other)).toBeNull();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("native garment leaves", () => {
  it("are the ethers ABI-encoded leaves and code hashes, for any serial and code", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        leafArbitrary,
        fc.string(),
        (serial, codeHash, code) => {
          expect(garmentLeaf(serial, codeHash)).toBe(garmentLeafReference(serial, codeHash));
          expect(garmentCodeHash(code)).toBe(keccak256(toUtf8Bytes(normaliseGarmentCode(code))));
        },
      ),
      { numRuns: 300 },
    );
  });
});
