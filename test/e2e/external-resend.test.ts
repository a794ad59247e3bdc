/**
 * On an external node (CHAIN_RPC_URL) that lost acknowledged transactions, the service re-sends them (same
 * hashes) and the node mines them again in other blocks, at other times. The read model must follow what the
 * node finally holds: the API answers the new blocks and times, the buyer's page finds no difference between
 * read model and chain, and the kept index equals one rebuilt from the chain. Both re-sends are covered: at
 * the service's next start, and while a write waits behind the node's gap.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLedger, type Hex } from "../../services/chain";
import { createHttpRpc } from "../../services/chain/rpc";
import { createIndexer, dumpIndex, openIndexDatabase, rebuildIndex } from "../../services/read-model/index";
import { fabricLot, startTestService, type Json, type TestService } from "../support/api-harness";
import { startAnvilNode, type RunningAnvilNode } from "../support/anvil-node";
import { GTIN, recordGarmentLife, type RecordedLife } from "../support/garment-life";

const LOST = ["FL-0002", "CUT-0002", "SEW-0002", "TR-0002", "SHP-0002"];

describe.each([
  ["at the service's next start", "restart"],
  ["while a write waits behind the node's gap", "running"],
  // The chain layer re-sends at its start, then the service stops before its read model follows: the mark the
  // re-send left in the chain store makes the next start follow them.
  ["by a start that stopped before its read model followed", "interrupted"],
] as const)("a service on an external node that lost transactions, re-sent %s", (_title, when) => {
  let dataDir: string;
  let stateFile: string;
  let node: RunningAnvilNode;
  let t: TestService | undefined;
  let kept: RecordedLife;
  let lost: RecordedLife;
  /** What the API said of each lost lot before the node lost it. */
  const before = new Map<string, Json>();
  // A short receipt deadline: a waiting write asks the node again after an eighth of it (here 1 s).
  const env = () => ({ CHAIN_RPC_URL: node.url, CHAIN_RECEIPT_DEADLINE_MS: "8000" });

  async function onNode<T>(task: (rpc: ReturnType<typeof createHttpRpc>) => Promise<T>): Promise<T> {
    const rpc = createHttpRpc(node.url);
    try {
      return await task(rpc);
    } finally {
      await rpc.close();
    }
  }

  /** The block number and time (ISO) the node now holds for a transaction. */
  const minedAt = (txHash: string) =>
    onNode(async (rpc) => {
      const receipt = await rpc.request<{ blockNumber: Hex }>("eth_getTransactionReceipt", [txHash]);
      const block = await rpc.request<{ timestamp: Hex }>("eth_getBlockByNumber", [
        receipt.blockNumber,
        false,
      ]);
      return {
        blockNumber: Number(BigInt(receipt.blockNumber)),
        blockTime: new Date(Number(BigInt(block.timestamp)) * 1000).toISOString(),
      };
    });

  async function recordFabric(id: string): Promise<void> {
    const answer = await t!.call("POST", "/api/v1/events/fabric-lots", {
      // A facility registered before the node's state was saved: the node knows it before the re-send.
      key: kept.keys["factory-0001"]!,
      body: fabricLot(id),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tp-resend-"));
    stateFile = join(dataDir, "node-state.json");
    node = await startAnvilNode({ stateFile });
    t = await startTestService(env(), join(dataDir, "service"));
    kept = await recordGarmentLife(t, "0001");
    // A clean stop writes the node's state file: what was mined so far survives.
    await node.stop("SIGTERM");
    node = await startAnvilNode({ stateFile, port: node.port });
    lost = await recordGarmentLife(t, "0002");
    for (const id of LOST) before.set(id, (await t.call("GET", `/api/v1/lots/${id}`)).body);
    if (when !== "running") {
      await t.stop({ keepData: true });
      t = undefined;
    }
    // SIGKILLed, the node comes back from its older state file; it mines other blocks in the meantime, a
    // minute apart, so the lots it lost land in other blocks at other times when they come back.
    await node.stop("SIGKILL");
    node = await startAnvilNode({ stateFile, port: node.port });
    await onNode((rpc) => rpc.request("anvil_mine", ["0x5", "0x3c"]));
    if (when === "interrupted") {
      const chainOnly = await createLedger({ dataDir: join(dataDir, "service"), rpcUrl: node.url });
      expect(chainOnly.restoredTransactions).toBeGreaterThanOrEqual(LOST.length);
      await chainOnly.close();
    }
    if (when === "running") await recordFabric("FL-AFTER-GAP");
    else t = await startTestService(env(), join(dataDir, "service"));
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
    await recordFabric("FL-NEXT");
    expect((await t!.call("GET", "/api/v1/lots/FL-NEXT")).status).toBe(200);
    const db = openIndexDatabase(":memory:");
    await rebuildIndex({ ledger: t!.service.ledger, store: t!.service.store, db });
    expect(dumpIndex(t!.service.indexDb)).toEqual(dumpIndex(db));
    db.close();
  });

  it("changes nothing when it follows the same transactions again (as after a crash before the mark is cleared)", async () => {
    const { ledger, indexDb, store } = t!.service;
    const kept = dumpIndex(indexDb);
    // Every transaction the chain holds, as if all were re-sent: each is where the read model has it already.
    const txHashes = [...new Set((await ledger.readEvents(0)).map((event) => event.txHash))];
    let settled = 0;
    const indexer = createIndexer({
      db: indexDb,
      store,
      resent: {
        resentTransactions: () => (settled === 0 ? { mark: 1, txHashes } : null),
        transactionEvents: (txHash) => ledger.transactionEvents(txHash),
        settleResent: () => void settled++,
      },
    });
    await indexer.followResent();
    expect(settled).toBe(1);
    expect(dumpIndex(indexDb)).toEqual(kept);
  });
});
