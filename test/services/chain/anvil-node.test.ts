/**
 * The external-node path (CHAIN_RPC_URL) against a node that is not Hardhat: the real anvil binary with its
 * own state file. The service's journal of mined transactions is what makes a node's losses recoverable:
 * the same raw transactions (same hashes, same contract address) go back to a node that restarted from an
 * older state, or from nothing.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import { startAnvilNode, type RunningAnvilNode } from "../../support/anvil-node";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

describe("ledger over an anvil node (CHAIN_RPC_URL)", () => {
  const dirs: string[] = [];
  const ledgers: CreatedLedger[] = [];
  let node: RunningAnvilNode | undefined;

  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close().catch(() => undefined);
    await node?.stop("SIGKILL");
    node = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function setUp(): Promise<{ dataDir: string; stateFile: string; ledger: CreatedLedger }> {
    const dataDir = mkdtempSync(join(tmpdir(), "threadproof-anvil-node-"));
    dirs.push(dataDir);
    const stateFile = join(dataDir, "node-state.json");
    node = await startAnvilNode({ stateFile });
    const ledger = await open(dataDir);
    await ledger.registerFacility({
      facilityId: "mill",
      country: "VN",
      roles: ["fabric"],
      metadataDigest: digest("mill"),
    });
    return { dataDir, stateFile, ledger };
  }

  async function open(dataDir: string): Promise<CreatedLedger> {
    // A short deadline: the sender asks the node again after an eighth of it (here 1 s).
    const ledger = await createLedger({ dataDir, rpcUrl: node!.url, receiptDeadlineMs: 8_000 });
    ledgers.push(ledger);
    return ledger;
  }

  const lot = (lotId: string) => ({
    kind: "fabric-lot" as const,
    lotId,
    facilityId: "mill",
    quantity: { amount: 10, unit: "m" as const },
    recordDigest: digest(lotId),
  });

  async function recordAll(ledger: CreatedLedger, ids: string[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const id of ids) hashes.set(id, (await ledger.record(lot(id))).txHash);
    return hashes;
  }

  it("a service stopped without closing and started again against a node that kept running re-sends nothing", async () => {
    const { dataDir, ledger } = await setUp();
    const hashes = await recordAll(ledger, ["A-1", "A-2", "A-3"]);
    expect(ledger.resentTransactions()).toBeNull();
    // The first ledger is abandoned as a crash would leave it: its journal file is all the next one has.
    const again = await open(dataDir);
    expect(again.restoredTransactions).toBe(0);
    expect(again.contractAddress).toBe(ledger.contractAddress);
    for (const [id, txHash] of hashes) expect((await again.lotRecord(id))?.txHash).toBe(txHash);
    await recordAll(again, ["A-4"]);
    expect(await again.getLot("A-4")).toMatchObject({ remaining: 10 });
  });

  it("a node SIGKILLed and restarted from its older state gets the journal's transactions again while a write waits", async () => {
    const { stateFile, ledger } = await setUp();
    const before = await recordAll(ledger, ["B-1", "B-2"]);
    // A clean stop writes the node's state file; the node comes back with everything.
    await node!.stop("SIGTERM");
    expect(existsSync(stateFile)).toBe(true);
    node = await startAnvilNode({ stateFile, port: node!.port });
    expect(await ledger.getLot("B-2")).toMatchObject({ remaining: 10 });

    // Acknowledged after the state file was written, then the node is SIGKILLed: it forgets them.
    const lost = await recordAll(ledger, ["B-3", "B-4", "B-5"]);
    await node!.stop("SIGKILL");
    node = await startAnvilNode({ stateFile, port: node!.port });
    expect(await ledger.getLot("B-3")).toBeNull();

    // The next write waits behind the node's gap; the sender sees the node's count fall short and re-sends.
    const next = await ledger.record(lot("B-6"));
    for (const [id, txHash] of [...before, ...lost]) {
      expect((await ledger.lotRecord(id))?.txHash, id).toBe(txHash);
    }
    expect((await ledger.lotRecord("B-6"))?.txHash).toBe(next.txHash);
    const recorded = (await ledger.readEvents(0)).filter((event) => event.name === "LotRecorded");
    expect(recorded).toHaveLength(6);

    // The re-sent ones (and what was mined after them) await the read model, each with its events where the
    // node now holds them; settled, the mark is gone.
    const resent = ledger.resentTransactions();
    expect(resent?.txHashes).toEqual([...lost.values(), next.txHash]);
    const events = await ledger.transactionEvents(lost.get("B-3") as Hex);
    const now = await ledger.lotRecord("B-3");
    expect(events?.find((event) => event.name === "LotRecorded")).toEqual(now);
    ledger.settleResent(resent!.mark);
    expect(ledger.resentTransactions()).toBeNull();
  });

  it("a node that lost everything gets the whole journal again at the service's next start, contract at the same address", async () => {
    const { dataDir, stateFile, ledger } = await setUp();
    const hashes = await recordAll(ledger, ["C-1", "C-2", "C-3"]);
    const address = ledger.contractAddress;
    await ledger.close();
    ledgers.length = 0;
    await node!.stop("SIGKILL");
    rmSync(stateFile, { force: true });
    node = await startAnvilNode({ stateFile, port: node!.port });

    const again = await open(dataDir);
    // deploy + registration + 3 lots
    expect(again.restoredTransactions).toBe(5);
    expect(again.resentTransactions()?.txHashes).toHaveLength(5);
    expect(again.contractAddress).toBe(address);
    for (const [id, txHash] of hashes) expect((await again.lotRecord(id))?.txHash).toBe(txHash);
    expect(await again.getFacility("mill")).toMatchObject({ country: "VN" });

    // A read-only second instance on its own data dir follows the same chain and reads the same events.
    const otherDir = mkdtempSync(join(tmpdir(), "threadproof-anvil-second-"));
    dirs.push(otherDir);
    const second = await createLedger({ dataDir: otherDir, rpcUrl: node!.url, contractAddress: address });
    ledgers.push(second);
    const names = (events: Awaited<ReturnType<CreatedLedger["readEvents"]>>) =>
      events.map((event) => `${event.name}:${"txHash" in event ? event.txHash : ""}`);
    expect(names(await second.readEvents(0))).toEqual(names(await again.readEvents(0)));
  });
});
