import fc from "fast-check";
import { Transaction, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import { encodeSubmit, signEip1559 } from "../../../services/chain/calldata";
import { loadThreadproofArtifact } from "../../../services/chain/contract";
import type { ContractOperation } from "../../../services/chain/encoding";
import type { Hex } from "../../../services/chain/ledger";

const bytes32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const operation: fc.Arbitrary<ContractOperation> = fc.record({
  kind: fc.integer({ min: 0, max: 3 }),
  lotId: bytes32,
  facilityId: bytes32,
  inputs: fc.array(fc.record({ lotId: bytes32, quantity: uint64, unit: fc.integer({ min: 0, max: 3 }) }), {
    maxLength: 4,
  }),
  quantity: uint64,
  unit: fc.integer({ min: 0, max: 3 }),
  garmentsRoot: bytes32,
  recipientId: bytes32,
  recordDigest: bytes32,
  gtin: uint64,
});
const signature = fc
  .uint8Array({ minLength: 65, maxLength: 65 })
  .map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex);

describe("hand-rolled encodings", () => {
  it("encodes submit() calldata exactly as ethers' ABI coder does", () => {
    const { iface } = loadThreadproofArtifact();
    const selector = iface.getFunction("submit")!.selector as Hex;
    fc.assert(
      fc.property(fc.array(fc.record({ operation, signature }), { minLength: 1, maxLength: 6 }), (items) => {
        expect(encodeSubmit(selector, items)).toBe(iface.encodeFunctionData("submit", [items]));
      }),
      { numRuns: 200 },
    );
  });

  it("signs EIP-1559 transactions that ethers parses back to the same fields, hash and sender", () => {
    const wallet = Wallet.createRandom();
    fc.assert(
      fc.property(
        fc.record({
          nonce: fc.integer({ min: 0, max: 1_000_000 }),
          gasLimit: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
          fees: fc.bigInt({ min: 0n, max: 10n ** 12n }).chain((max) =>
            fc.record({
              maxFeePerGas: fc.constant(max),
              maxPriorityFeePerGas: fc.bigInt({ min: 0n, max }),
            }),
          ),
          data: fc.uint8Array({ maxLength: 300 }).map((b) => `0x${Buffer.from(b).toString("hex")}` as Hex),
          to: fc.option(
            fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString("hex")}`),
          ),
        }),
        ({ fees, ...rest }) => {
          const fields = { ...rest, ...fees };
          const { rawTx, txHash } = signEip1559({ chainId: 31337, ...fields }, wallet.privateKey as Hex);
          const parsed = Transaction.from(rawTx);
          expect(parsed.hash).toBe(txHash);
          expect(parsed.from).toBe(wallet.address);
          expect(parsed.nonce).toBe(fields.nonce);
          expect(parsed.gasLimit).toBe(fields.gasLimit);
          expect(parsed.maxFeePerGas).toBe(fields.maxFeePerGas);
          expect(parsed.data).toBe(fields.data);
          expect(parsed.to?.toLowerCase() ?? null).toBe(fields.to);
        },
      ),
      { numRuns: 200 },
    );
  });
});
