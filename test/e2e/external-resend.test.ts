/**
 * On an external node (CHAIN_RPC_URL) that lost acknowledged transactions, the service re-sends them (same
 * hashes) and the node mines them again in other blocks, at other times. The read model must follow what the
 * node finally holds: the API answers the new blocks and times, the buyer's page finds no difference between
 * read model and chain, and the kept index equals one rebuilt from the chain.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hex } from "../../services/chain";
import { createHttpRpc } from "../../services/chain/rpc";
import { dumpIndex, openIndexDatabase, rebuildIndex } from "../../services/read-model/index";
import { startTestService, type Json, type TestService } from "../support/api-harness";
import { startAnvilNode, type RunningAnvilNode } from "../support/anvil-node";
import { GTIN, recordGarmentLife, type RecordedLife } from "../support/garment-life";

const LOST = ["FL-0002", "CUT-0002", "SEW-0002", "TR-0002", "SHP-0002"];

describe("a service on an external node that lost transactions", () => {
  let dataDir: string;
  let stateFile: string;
  let node: RunningAnvilNode;
  let t: TestService | undefined;
  let lost: RecordedLife;
  /** What the API said of each lost lot before the node lost it. */
  const before = new Map<string, Json>();

  /** The block number and time (ISO) the node now holds for a transaction. */
  async function minedAt(txHash: string): Promise<{ blockNumber: number; blockTime: string }> {
    const rpc = createHttpRpc(node.url);
    try {
      const receipt = await rpc.request<{ blockNumber: Hex }>("eth_getTransactionReceipt", [txHash]);
      const block = await rpc.request<{ timestamp: Hex }>("eth_getBlockByNumber", [
        receipt.blockNumber,
        false,
      ]);
      return {
        blockNumber: Number(BigInt(receipt.blockNumber)),
        blockTime: new Date(Number(BigInt(block.timestamp)) * 1000).toISOString(),
      };
    } finally {
      await rpc.close();
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tp-resend-"));
    stateFile = join(dataDir, "node-state.json");
    node = await startAnvilNode({ stateFile });
    t = await startTestService({ CHAIN_RPC_URL: node.url }, join(dataDir, "service"));
    await recordGarmentLife(t, "0001");
    // A clean stop writes the node's state file: what was mined so far survives.
    await node.stop("SIGTERM");
    node = await startAnvilNode({ stateFile, port: node.port });
    lost = await recordGarmentLife(t, "0002");
    for (const id of LOST) before.set(id, (await t.call("GET", `/api/v1/lots/${id}`)).body);
    await t.stop({ keepData: true });
    t = undefined;
    // SIGKILLed, the node comes back from its older state file; it mines other blocks in the meantime, a
    // minute apart, so the lots it lost land in other blocks at other times when they come back.
    await node.stop("SIGKILL");
    node = await startAnvilNode({ stateFile, port: node.port });
    const rpc = createHttpRpc(node.url);
    await rpc.request("anvil_mine", ["0x5", "0x3c"]);
    await rpc.close();
    t = await startTestService({ CHAIN_RPC_URL: node.url }, join(dataDir, "service"));
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
    await node?.stop("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers each re-mined lot with the block and time the node now holds, same transaction", async () => {
    for (const id of LOST) {
      const lot = (await t!.call("GET", `/api/v1/lots/${id}`)).body;
      expect(lot.chain.txHash, id).toBe(before.get(id).chain.txHash);
      const now = await minedAt(lot.chain.txHash);
      expect(now.blockNumber, id).not.toBe(before.get(id).chain.blockNumber);
      expect(now.blockTime, id).not.toBe(before.get(id).recordedAt);
      expect({ blockNumber: lot.chain.blockNumber, blockTime: lot.recordedAt }, id).toEqual(now);
    }
  });

  it("gives the provenance with the re-mined blocks and times", async () => {
    const provenance = (await t!.call("GET", "/api/v1/provenance/SHP-0002")).body;
    const nodes = provenance.nodes as Json[];
    expect(nodes.map((lot) => lot.id).sort()).toEqual([...LOST].sort());
    for (const lot of nodes) {
      expect({ blockNumber: lot.chain.blockNumber, blockTime: lot.recordedAt }, lot.id).toEqual(
        await minedAt(lot.chain.txHash),
      );
    }
  });

  it("passes every check of the garment page: the read model does not differ from the chain", async () => {
    const path = `/01/${GTIN}/10/SEW-0002/21/3?ac=${lost.code("SEW-0002", 3)}`;
    const page = (await t!.call("GET", path, { headers: { accept: "application/json" } })).body;
    const failing = (page.checks as Json[]).filter((check) => check.status !== "passed");
    expect(failing).toEqual([]);
    expect(JSON.stringify(page)).not.toContain("read-model-differs");
  });

  it("keeps the index a rebuild from the chain gives, and goes on indexing new writes", async () => {
    const db = openIndexDatabase(":memory:");
    await rebuildIndex({ ledger: t!.service.ledger, store: t!.service.store, db });
    expect(dumpIndex(t!.service.indexDb)).toEqual(dumpIndex(db));
    db.close();
  });
});
