/**
 * The log archive on the anvil engine, against the real binary: once the node has forgotten old blocks'
 * receipts and logs (`--transaction-block-keeper`), its snapshots stay small, old lots' records are still
 * read, and an index rebuilt from the chain gives the same read model as the one built while writing.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { id } from "ethers";
import { chainKey, createLedger, type CreatedLedger, type Hex } from "../../../services/chain";
import { TRANSACTION_BLOCK_KEEPER } from "../../../services/chain/anvil-process";
import type { DocumentStore } from "../../../services/ipfs/index";
import {
  createIndexer,
  dumpIndex,
  openIndexDatabase,
  rebuildIndex,
} from "../../../services/read-model/index";

const digest = (text: string) => `0x${createHash("sha256").update(text).digest("hex")}` as Hex;

const LOT_RECORDED_TOPIC = id("LotRecorded(bytes32,bytes32,uint8,uint8,uint8,uint64,bytes32)");
const BATCH_RECORDED_TOPIC = id("BatchRecorded(uint40,bytes32)");

/** The fabric mill every test records with. */
const registerMill = (ledger: CreatedLedger) =>
  ledger.registerFacility({
    facilityId: "mill",
    country: "VN",
    roles: ["fabric"],
    metadataDigest: digest("mill"),
  });

/** No records in IPFS: both indexes see the chain's events alone, the part a rebuild reads from the chain. */
const noRecords: Pick<DocumentStore, "get"> = {
  get: (cid) => Promise.reject(new Error(`${String(cid)} is not stored`)),
};

describe("the log archive", () => {
  const dirs: string[] = [];
  const ledgers: CreatedLedger[] = [];
  afterEach(async () => {
    for (const ledger of ledgers.splice(0)) await ledger.close().catch(() => undefined);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = async (dataDir: string, engine: "anvil" | "edr" = "anvil") => {
    const ledger = await createLedger({ dataDir, engine, snapshotEvery: 100 });
    ledgers.push(ledger);
    return ledger;
  };

  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "threadproof-archive-"));
    dirs.push(dir);
    return dir;
  };

  it("keeps old blocks' history on an anvil that forgot it: lot records, status lists and a rebuild", async () => {
    const dataDir = freshDir();
    const first = await open(dataDir);
    const liveDb = openIndexDatabase(":memory:");
    const live = createIndexer({ db: liveDb, store: noRecords });
    first.onMined((events) => live.apply(events));

    await registerMill(first);
    await first.registerCertifier("vinacert");
    await first.anchorStatusList({
      listId: "vinacert-list",
      version: 1,
      digest: digest("list v1"),
      certifierId: "vinacert",
    });
    // More transactions than the node keeps: the first lots' receipts and logs are gone from it.
    const lots = TRANSACTION_BLOCK_KEEPER + 40;
    const hashes: Hex[] = [];
    for (let i = 0; i < lots; i++) {
      const receipt = await first.record({
        kind: "fabric-lot",
        lotId: `L-${i}`,
        facilityId: "mill",
        quantity: { amount: 10 + i, unit: "m" },
        recordDigest: digest(`L-${i}`),
      });
      hashes.push(receipt.txHash);
    }
    await first.anchorStatusList({
      listId: "vinacert-list",
      version: 2,
      digest: digest("list v2"),
      certifierId: "vinacert",
    });
    await first.close();
    ledgers.length = 0;

    // The closing snapshot holds only the last blocks' receipts: the first lot's transaction is not in it.
    const snapshotDir = join(dataDir, "chain", "anvil");
    const [snapshotFile] = readdirSync(snapshotDir).filter((name) => name.endsWith(".json"));
    const snapshot = JSON.parse(readFileSync(join(snapshotDir, snapshotFile!), "utf8")) as {
      transactions: unknown[];
    };
    expect(snapshot.transactions.length).toBeLessThanOrEqual(TRANSACTION_BLOCK_KEEPER);
    expect(JSON.stringify(snapshot)).not.toContain(hashes[0]!.slice(2));

    const second = await open(dataDir);
    const oldest = await second.lotRecord("L-0");
    expect(oldest).toMatchObject({ txHash: hashes[0], recordDigest: digest("L-0"), quantity: 10 });
    expect(await second.transactionBlockNumber(hashes[0]!)).toBe(oldest?.blockNumber);
    expect(await second.statusListVersionOf("vinacert-list", digest("list v1"))).toBe(1);
    expect(await second.lotRecord("L-never")).toBeNull();

    const recorded = (await second.readEvents(0)).filter((event) => event.name === "LotRecorded");
    expect(recorded.map((event) => event.txHash)).toEqual(hashes);
    const rebuiltDb = openIndexDatabase(":memory:");
    await rebuildIndex({ ledger: second, store: noRecords, db: rebuiltDb });
    const rebuilt = dumpIndex(rebuiltDb);
    expect(rebuilt.lots).toHaveLength(lots);
    expect(rebuilt).toEqual(dumpIndex(liveDb));
  }, 120_000);

  it.each(["edr", "anvil"] as const)(
    "archives at start what a crash left mined but unarchived (%s)",
    async (engine) => {
      const dataDir = freshDir();
      const first = await open(dataDir, engine);
      await registerMill(first);
      const { txHash } = await first.record({
        kind: "fabric-lot",
        lotId: "L-last",
        facilityId: "mill",
        quantity: { amount: 5, unit: "kg" },
        recordDigest: digest("L-last"),
      });
      await first.close();
      ledgers.length = 0;
      // What a SIGKILL between mining and archiving leaves: the journal holds the transaction, the archive not.
      const db = new Database(join(dataDir, "chain", "chain.sqlite"));
      db.prepare("DELETE FROM archived_logs WHERE tx_hash = ?").run(txHash);
      expect(db.prepare("DELETE FROM archived_transactions WHERE tx_hash = ?").run(txHash).changes).toBe(1);
      db.close();

      const second = await open(dataDir, engine);
      expect(await second.lotRecord("L-last")).toMatchObject({ txHash, recordDigest: digest("L-last") });
      const recorded = (await second.readEvents(0)).filter((event) => event.name === "LotRecorded");
      expect(recorded.map((event) => event.txHash)).toEqual([txHash]);
    },
    60_000,
  );

  it.each(["edr", "anvil"] as const)(
    "refuses a lot record whose kept copy was altered, removed or invented (%s)",
    async (engine) => {
      const dataDir = freshDir();
      const ledger = await open(dataDir, engine);
      await registerMill(ledger);
      const lot = (lotId: string) =>
        ledger.record({
          kind: "fabric-lot",
          lotId,
          facilityId: "mill",
          quantity: { amount: 5, unit: "kg" },
          recordDigest: digest(lotId),
        });
      // Two lots and an event commitment (which creates no lot, but is a link of the root) in one batch, and
      // a lot in another.
      const [first] = await Promise.all([
        lot("L-1"),
        lot("L-2"),
        ledger.record({
          kind: "event-commitment",
          lotId: "EC-1",
          facilityId: "mill",
          eventsRoot: digest("events of EC-1"),
          eventCount: 2,
          recordDigest: digest("EC-1"),
        }),
      ]);
      expect((await ledger.lotRecord("L-2"))?.txHash, "one batch").toBe(first.txHash);
      await lot("L-3");
      expect(await ledger.lotRecord("L-1")).toMatchObject({ recordDigest: digest("L-1") });
      expect(await ledger.lotRecord("L-3")).toMatchObject({ recordDigest: digest("L-3") });

      const db = new Database(join(dataDir, "chain", "chain.sqlite"));
      /** Rewrites the data of lot `lotId`'s archived LotRecorded log. */
      const forgeData = (lotId: string, forge: (data: Buffer) => Buffer) => {
        const where = "topic1 = ? AND topics LIKE ?";
        const args = [chainKey(lotId).toLowerCase(), `${LOT_RECORDED_TOPIC}%`];
        const { data } = db.prepare(`SELECT data FROM archived_logs WHERE ${where}`).get(...args) as {
          data: Buffer;
        };
        const changed = db
          .prepare(`UPDATE archived_logs SET data = ? WHERE ${where}`)
          .run(forge(data), ...args);
        expect(changed.changes).toBe(1);
      };
      const refused = async (lotId: string) => {
        const error = await ledger.lotRecord(lotId).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error, `${lotId} refused`).toMatchObject({ code: "CHAIN_ARCHIVE_MISMATCH" });
      };
      try {
        // A batch whose BatchRecorded row is gone cannot be checked, so a rebuild refuses it.
        const l3 = await ledger.lotRecord("L-3");
        const batchRow = db
          .prepare("SELECT * FROM archived_logs WHERE tx_hash = ? AND topics LIKE ?")
          .get(l3!.txHash, `${BATCH_RECORDED_TOPIC}%`) as Record<string, unknown>;
        db.prepare("DELETE FROM archived_logs WHERE tx_hash = ? AND topics LIKE ?").run(
          l3!.txHash,
          `${BATCH_RECORDED_TOPIC}%`,
        );
        await expect(ledger.readEvents(0)).rejects.toMatchObject({ code: "CHAIN_ARCHIVE_MISMATCH" });
        db.prepare(
          `INSERT INTO archived_logs (block_number, log_index, block_timestamp, tx_hash, address, topic1, topics, data)
           VALUES (@block_number, @log_index, @block_timestamp, @tx_hash, @address, @topic1, @topics, @data)`,
        ).run(batchRow);
        expect(await ledger.readEvents(0)).not.toHaveLength(0);

        // LotRecorded's data ends with the record digest: another digest for L-2 breaks its batch's root,
        // so L-1 of the same batch is refused too, and L-3 of another batch is not.
        forgeData("L-2", (data) => Buffer.concat([data.subarray(0, 96), Buffer.alloc(32, 0xcd)]));
        await refused("L-2");
        await refused("L-1");
        // A rebuild from the archive refuses it too, rather than index a record the chain does not back.
        await expect(ledger.readEvents(0)).rejects.toMatchObject({ code: "CHAIN_ARCHIVE_MISMATCH" });
        expect(await ledger.lotRecord("L-3")).toMatchObject({ recordDigest: digest("L-3") });

        // Its quantity (the third word) altered, the record no longer matches the lot the chain stores.
        forgeData("L-3", (data) => {
          const altered = Buffer.from(data);
          altered[95] = (altered[95] ?? 0) ^ 1;
          return altered;
        });
        await refused("L-3");

        // A lot the chain holds whose copy is gone, and a copy of a lot the chain never held.
        const row = db
          .prepare("SELECT * FROM archived_logs WHERE topic1 = ?")
          .get(chainKey("L-3").toLowerCase()) as Record<string, unknown>;
        db.prepare("DELETE FROM archived_logs WHERE topic1 = ?").run(chainKey("L-3").toLowerCase());
        await refused("L-3");
        const invented = chainKey("L-invented").toLowerCase();
        db.prepare(
          `INSERT INTO archived_logs (block_number, log_index, block_timestamp, tx_hash, address, topic1, topics, data)
           VALUES (@block_number, @log_index + 100, @block_timestamp, @tx_hash, @address, ?, @topics, @data)`,
        ).run(invented, {
          ...row,
          topics: String(row.topics).replace(chainKey("L-3").toLowerCase(), invented),
        });
        await refused("L-invented");
      } finally {
        db.close();
      }
    },
    60_000,
  );
});
