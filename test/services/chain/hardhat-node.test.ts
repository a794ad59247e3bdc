import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import { startHardhatNode, type RunningHardhatNode } from "../../support/hardhat-node";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

describe("ledger over a hardhat node (CHAIN_RPC_URL)", () => {
  let node: RunningHardhatNode;
  let dataDir: string;
  let ledger: CreatedLedger;

  beforeAll(async () => {
    node = await startHardhatNode();
    dataDir = mkdtempSync(join(tmpdir(), "threadproof-node-"));
    ledger = await createLedger({ dataDir, rpcUrl: node.url });
  });

  afterAll(async () => {
    await ledger?.close();
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("deploys, records with gas estimates, maps refusals, and a second instance reads the same events", async () => {
    expect(ledger.chainId).toBe(31337);
    expect(ledger.restoredTransactions).toBe(0);
    await ledger.registerFacility({
      facilityId: "cutter",
      country: "VN",
      roles: ["fabric", "cutting"],
      metadataDigest: digest("c"),
    });
    await ledger.record({
      kind: "fabric-lot",
      lotId: "FL-1",
      facilityId: "cutter",
      quantity: { amount: 10, unit: "m" },
      recordDigest: digest("FL-1"),
    });
    const results = await Promise.allSettled(
      [4, 4, 4].map((amount, i) =>
        ledger.record({
          kind: "cutting",
          lotId: `CUT-${i}`,
          facilityId: "cutter",
          inputs: [{ lotId: "FL-1", quantity: { amount, unit: "m" } }],
          quantity: { amount: 8, unit: "pcs" },
          recordDigest: digest(`CUT-${i}`),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason.code).toBe("INSUFFICIENT_QUANTITY");
    expect(refused.reason.details).toMatchObject({ lotId: "FL-1", requested: 4, available: 2 });
    expect(await ledger.getLot("FL-1")).toMatchObject({ remaining: 2 });

    // A second service instance on the same chain and contract sees the same history.
    const otherDir = mkdtempSync(join(tmpdir(), "threadproof-node-2-"));
    const second = await createLedger({
      dataDir: otherDir,
      rpcUrl: node.url,
      contractAddress: ledger.contractAddress,
    });
    try {
      expect(second.contractAddress).toBe(ledger.contractAddress);
      expect(await second.readEvents(0)).toEqual(await ledger.readEvents(0));
    } finally {
      await second.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
