/**
 * The indexer on its own: hand-written contract events (plain data, as the ledger decodes them) against a real
 * Helia store and SQLite.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainKey } from "../../../services/chain/keys";
import type { Hex, LedgerEvent } from "../../../services/chain/ledger";
import {
  createIndexer,
  dumpIndex,
  findLot,
  findUpstreamGraph,
  openIndexDatabase,
} from "../../../services/read-model/index";
import { createHeliaStore } from "../../../services/ipfs/index";
import type { DocumentStore } from "../../../services/ipfs/index";
import { encodeRecord, putRecord, sha256Hex } from "../../../services/records/index";

const at = (blockNumber: number, logIndex: number) => ({
  blockNumber,
  logIndex,
  txHash: `0x${blockNumber.toString(16).padStart(64, "0")}` as Hex,
  blockTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, blockNumber)),
});

const cuttingRecord = {
  type: "cutting",
  id: "CUT-1",
  facilityId: "mill",
  inputs: [{ lotId: "FL-1", quantity: { amount: 4, unit: "m" }, role: "main-fabric" }],
  output: { quantity: { amount: 40, unit: "pcs" }, style: "TS-9" },
  occurredAt: "2026-01-02T00:00:00Z",
  documents: [],
};

describe("indexer", () => {
  let directory: string;
  let store: DocumentStore;
  let events: LedgerEvent[];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "tp-indexer-"));
    store = await createHeliaStore({ directory });
    const facility = await putRecord(store, {
      type: "facility",
      id: "mill",
      name: "The Mill",
      country: "VN",
      roles: ["fabric", "cutting"],
    });
    const fabric = await putRecord(store, {
      type: "fabric-lot",
      id: "FL-1",
      facilityId: "mill",
      composition: [{ fibre: "cotton", percent: 100 }],
      supplier: { name: "S", country: "KR" },
      stages: [{ stage: "spinning", country: "KR" }],
      quantity: { amount: 10, unit: "m" },
      occurredAt: "2026-01-01T00:00:00Z",
      documents: [],
    });
    // The cutting's record never reached this store: its digest names bytes nobody has.
    const missingDigest = sha256Hex(encodeRecord(cuttingRecord));
    events = [
      {
        ...at(1, 0),
        name: "FacilityRegistered",
        facilityKey: chainKey("mill"),
        account: "0x00000000000000000000000000000000000000aa",
        country: "VN",
        roles: ["fabric", "cutting"],
        metadataDigest: facility.digest,
      },
      {
        ...at(2, 0),
        name: "LotRecorded",
        lotKey: chainKey("FL-1"),
        facilityKey: chainKey("mill"),
        operation: "fabric-lot",
        kind: "fabric",
        unit: "m",
        quantity: 10,
        recordDigest: fabric.digest,
      },
      {
        ...at(3, 0),
        name: "LotRecorded",
        lotKey: chainKey("CUT-1"),
        facilityKey: chainKey("mill"),
        operation: "cutting",
        kind: "cut-bundles",
        unit: "pcs",
        quantity: 40,
        recordDigest: missingDigest,
      },
      {
        ...at(3, 1),
        name: "LotConsumed",
        lotKey: chainKey("FL-1"),
        intoLotKey: chainKey("CUT-1"),
        quantity: 4,
        remaining: 6,
      },
    ];
  });
  afterAll(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("joins events with their records and keeps a lot whose record is missing", async () => {
    const db = openIndexDatabase(":memory:");
    const warnings: unknown[] = [];
    const indexer = createIndexer({
      db,
      store,
      logger: { warn: (object: unknown) => warnings.push(object) },
    });
    await indexer.apply(events);
    expect(indexer.progress()).toEqual({ blockNumber: 3, logIndex: 1 });
    expect(findLot(db, "FL-1")).toMatchObject({
      id: "FL-1",
      remaining: 6,
      facility: { id: "mill", name: "The Mill", country: "VN" },
      record: { available: true },
      fabric: { supplier: { country: "KR" }, stages: [{ stage: "spinning", country: "KR" }] },
      // Without its record the cutting's string id is unknown: the chain only has its hash.
      consumedBy: [{ lotId: chainKey("CUT-1"), quantity: 4 }],
    });
    // Found by its chain key, flagged as unverifiable, with the chain's facts intact.
    expect(findLot(db, "CUT-1")).toMatchObject({ id: "CUT-1", quantity: 40, record: { available: false } });
    expect(findUpstreamGraph(db, "CUT-1")?.edges).toEqual([
      { from: "FL-1", to: "CUT-1", quantity: 4, unit: "m", role: null },
    ]);
    expect(warnings).toHaveLength(1);
  });

  it("skips what it applied already, in any overlap", async () => {
    const db = openIndexDatabase(":memory:");
    const indexer = createIndexer({ db, store });
    await indexer.apply(events.slice(0, 2));
    await indexer.apply(events.slice(1));
    await indexer.apply(events);
    const once = openIndexDatabase(":memory:");
    await createIndexer({ db: once, store }).apply(events);
    expect(dumpIndex(db)).toEqual(dumpIndex(once));
  });

  it("refuses a record that names another id than its event", async () => {
    const impostor = await putRecord(store, { type: "fabric-lot", id: "FL-OTHER", facilityId: "mill" });
    const db = openIndexDatabase(":memory:");
    await createIndexer({ db, store }).apply([
      events[0]!,
      { ...(events[1] as Extract<LedgerEvent, { name: "LotRecorded" }>), recordDigest: impostor.digest },
    ]);
    expect(findLot(db, "FL-1")).toMatchObject({ record: { available: false } });
    expect(findLot(db, "FL-OTHER")).toBeNull();
  });

  it("repairs a lot once its record turns up, ending where a full rebuild ends (runs last: stores the record)", async () => {
    const db = openIndexDatabase(":memory:");
    const indexer = createIndexer({ db, store });
    await indexer.apply(events);
    expect(await indexer.repairRecords()).toBe(0);
    await putRecord(store, cuttingRecord);
    expect(await indexer.repairRecords()).toBe(1);
    expect(findLot(db, "CUT-1")).toMatchObject({
      record: { available: true },
      occurredAt: "2026-01-02T00:00:00Z",
      cutting: { style: "TS-9" },
      inputs: [{ lotId: "FL-1", role: "main-fabric" }],
    });
    const fresh = openIndexDatabase(":memory:");
    await createIndexer({ db: fresh, store }).apply(events);
    expect(dumpIndex(db)).toEqual(dumpIndex(fresh));
  });
});
