/**
 * The anvil chain engine (CHAIN_ENGINE=anvil) against the real anvil binary from the npm package: start-up
 * from a snapshot plus the journal's tail, snapshots that do not check out set aside, a node SIGKILLed under
 * writes started again with nothing lost or doubled, and the node a dead service left behind stopped.
 */
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import { anvilBinaryPath, anvilPidFile, startAnvil } from "../../../services/chain/anvil-process";
import { openChainStore } from "../../../services/chain/chain-store";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the anvil chain engine", () => {
  const dirs: string[] = [];
  const ledgers: CreatedLedger[] = [];
  const open = async (dataDir: string, snapshotEvery = 4) => {
    const ledger = await createLedger({ dataDir, engine: "anvil", snapshotEvery });
    ledgers.push(ledger);
    return ledger;
  };
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "threadproof-anvil-"));
    dirs.push(dir);
    return dir;
  };
  const snapshotDir = (dataDir: string) => join(dataDir, "chain", "anvil");
  const journalTxHashes = (dataDir: string) => {
    const store = openChainStore(join(dataDir, "chain"));
    try {
      return [...store.journal()].map((entry) => entry.txHash);
    } finally {
      store.close();
    }
  };

  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close().catch(() => undefined);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function recordLots(ledger: CreatedLedger, prefix: string, count: number): Promise<string[]> {
    const hashes: string[] = [];
    for (let i = 0; i < count; i++) {
      const receipt = await ledger.record({
        kind: "fabric-lot",
        lotId: `${prefix}-${i}`,
        facilityId: "mill",
        quantity: { amount: 10, unit: "m" },
        recordDigest: digest(`${prefix}-${i}`),
      });
      hashes.push(receipt.txHash);
    }
    return hashes;
  }

  it("starts from its newest snapshot and replays only the journal after it, with the same contract and hashes", async () => {
    const dataDir = freshDir();
    const first = await open(dataDir);
    await first.registerFacility({
      facilityId: "mill",
      country: "VN",
      roles: ["fabric"],
      metadataDigest: digest("m"),
    });
    // deploy + registration + 6 lots = 8 transactions: snapshots were taken after the 4th and the 8th.
    await recordLots(first, "A", 6);
    const kept = join(dataDir, "older-snapshot.json");
    copyFileSync(join(snapshotDir(dataDir), "snapshot-8.json"), kept);
    const later = await recordLots(first, "B", 3);
    const address = first.contractAddress;
    await first.close();
    ledgers.length = 0;
    expect(readdirSync(snapshotDir(dataDir))).toEqual(["snapshot-11.json"]);

    // As if the service had died before its closing snapshot: only the one at journal entry 8 exists.
    rmSync(join(snapshotDir(dataDir), "snapshot-11.json"));
    copyFileSync(kept, join(snapshotDir(dataDir), "snapshot-8.json"));
    const second = await open(dataDir);
    expect(second.restoredTransactions).toBe(3);
    expect(second.contractAddress).toBe(address);
    expect(await second.getLot("B-2")).toMatchObject({ remaining: 10 });
    for (const [i, txHash] of later.entries()) {
      expect((await second.lotRecord(`B-${i}`))?.txHash).toBe(txHash);
    }
    // Logs from before the snapshot are still read (from the archive: a rebuild reads them from block 0).
    const recorded = (await second.readEvents(0)).filter((event) => event.name === "LotRecorded");
    expect(recorded).toHaveLength(9);
    expect(journalTxHashes(dataDir)).toHaveLength(11);
  });

  it("sets aside a snapshot that is corrupt or does not match the journal, and replays instead", async () => {
    const dataDir = freshDir();
    const first = await open(dataDir, 1_000);
    await first.registerFacility({
      facilityId: "mill",
      country: "VN",
      roles: ["fabric"],
      metadataDigest: digest("m"),
    });
    await recordLots(first, "A", 3);
    await first.close();
    ledgers.length = 0;
    const [name] = readdirSync(snapshotDir(dataDir));
    expect(name).toBe("snapshot-5.json");
    writeFileSync(join(snapshotDir(dataDir), name!), '{"block": "torn');
    const second = await open(dataDir, 1_000);
    expect(second.restoredTransactions).toBe(5);
    expect(await second.getLot("A-2")).toMatchObject({ remaining: 10 });
    expect(existsSync(join(snapshotDir(dataDir), `${name}.unusable`))).toBe(true);
    await second.close();
    ledgers.length = 0;

    // A well-formed snapshot of another chain (here: an empty one) claims entry 5 but holds no transactions.
    const other = freshDir();
    const stranger = await open(other, 1_000);
    await stranger.close();
    ledgers.length = 0;
    const foreign = readdirSync(snapshotDir(other)).find((file) => file.endsWith(".json"))!;
    for (const file of readdirSync(snapshotDir(dataDir))) rmSync(join(snapshotDir(dataDir), file));
    copyFileSync(join(snapshotDir(other), foreign), join(snapshotDir(dataDir), "snapshot-5.json"));
    const third = await open(dataDir, 1_000);
    expect(third.restoredTransactions).toBe(5);
    expect(await third.getLot("A-0")).toMatchObject({ remaining: 10 });
  });

  it("starts a node SIGKILLed under writes again, losing and doubling nothing", async () => {
    const dataDir = freshDir();
    const ledger = await open(dataDir, 10);
    await ledger.registerFacility({
      facilityId: "mill",
      country: "VN",
      roles: ["fabric"],
      metadataDigest: digest("m"),
    });
    await recordLots(ledger, "warm", 12);
    const pid = Number(readFileSync(anvilPidFile(join(dataDir, "chain")), "utf8"));
    const writes = Array.from({ length: 40 }, (_, i) =>
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, i * 5));
        return ledger.record({
          kind: "fabric-lot",
          lotId: `K-${i}`,
          facilityId: "mill",
          quantity: { amount: 5, unit: "m" },
          recordDigest: digest(`K-${i}`),
        });
      })(),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    process.kill(pid, "SIGKILL");
    const results = await Promise.allSettled(writes);
    // Every write is answered; each one acknowledged is on chain with its transaction, and none twice.
    const acknowledged = results.flatMap((result, i) =>
      result.status === "fulfilled" ? [{ i, ...result.value }] : [],
    );
    expect(
      results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : [])),
    ).toEqual([]);
    expect(acknowledged.length).toBe(40);
    await waitFor(() => !isAlive(pid));
    for (const { i, txHash } of acknowledged) {
      expect((await ledger.lotRecord(`K-${i}`))?.txHash).toBe(txHash);
    }
    const newPid = Number(readFileSync(anvilPidFile(join(dataDir, "chain")), "utf8"));
    expect(newPid).not.toBe(pid);
    const recorded = (await ledger.readEvents(0)).flatMap((event) =>
      event.name === "LotRecorded" ? [event.lotKey] : [],
    );
    expect(new Set(recorded).size).toBe(recorded.length);
    expect(recorded).toHaveLength(52);

    // The node holds exactly what the journal holds: a fresh start replays to the same chain.
    await ledger.close();
    ledgers.length = 0;
    const again = await open(dataDir, 10);
    const replayed = (await again.readEvents(0)).flatMap((event) =>
      event.name === "LotRecorded" ? [event.txHash] : [],
    );
    expect(replayed).toHaveLength(52);
    for (const { i, txHash } of acknowledged) {
      expect((await again.lotRecord(`K-${i}`))?.txHash).toBe(txHash);
    }
    // Each block was mined at the timestamp its journal entry recorded (the index took it from there).
    const store = openChainStore(join(dataDir, "chain"));
    const journalled = new Map([...store.journal()].map((entry) => [entry.txHash, entry.timestamp]));
    store.close();
    for (const event of await again.readEvents(0)) {
      expect(event.blockTimestamp.getTime() / 1000, event.txHash).toBe(journalled.get(event.txHash));
    }
  });

  it("stops the node a service killed before it left behind", async () => {
    const dataDir = freshDir();
    const chainDir = join(dataDir, "chain");
    const first = await open(dataDir);
    await first.close();
    ledgers.length = 0;
    const orphan = await startAnvil({
      chainId: 31337,
      gasLimit: 30_000_000,
      genesisTimestamp: 1_767_225_600,
      pidFile: anvilPidFile(chainDir),
    });
    expect(isAlive(orphan.pid)).toBe(true);
    await open(dataDir);
    await waitFor(() => !orphan.isRunning());
    expect(Number(readFileSync(anvilPidFile(chainDir), "utf8"))).not.toBe(orphan.pid);
  });

  it("names the platform when no anvil binary is published for it", () => {
    expect(() => anvilBinaryPath("aix", "ppc64")).toThrow(
      /No anvil binary is published for aix-ppc64.*CHAIN_ENGINE=edr/,
    );
    expect(anvilBinaryPath()).toMatch(/anvil(\.exe)?$/);
  });
});
