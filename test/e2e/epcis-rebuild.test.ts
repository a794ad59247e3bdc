/**
 * The EPCIS repository is a function of the chain and IPFS, as the read model is: its rows rebuilt from the
 * chain's capture commitments (each naming its commitment record by digest, which lists the events and where
 * their canonical JSON is) equal the rows the captures wrote — recorded and kept events, identifiers, proofs,
 * capture order — whether rebuilt in process or by the rebuild-index command; an event whose record no longer
 * reproduces its hash is left out and named. Real chain, Helia, SQLite and HTTP.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EPCIS_CONTEXT_URL,
  THREADPROOF_NAMESPACE,
  threadproofFacilityUri,
  threadproofLotUri,
} from "../../services/epcis";
import { rebuildEpcisEvents } from "../../services/epcis-capture/rebuild";
import type { DocumentStore } from "../../services/ipfs";
import { openServiceDatabase } from "../../services/service-db/database";
import type { ServiceDatabase } from "../../services/service-db/database";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { Json, TestService } from "../support/api-harness";
import { GTIN, recordGarmentLife } from "../support/garment-life";

const run = promisify(execFile);
const garmentUri = (serial: number) => `https://id.gs1.org/01/${GTIN}/21/${serial}`;

let t: TestService;
let factoryKey: string;

const inspection = (time: string, serial: number) => ({
  type: "ObjectEvent",
  eventTime: time,
  eventTimeZoneOffset: "+07:00",
  action: "OBSERVE",
  bizStep: "inspecting",
  disposition: "conformant",
  epcList: [garmentUri(serial)],
  readPoint: { id: "urn:epc:id:sgln:8938505.00001.0" },
});

const fabricLot = (id: string) => ({
  type: "ObjectEvent",
  eventTime: "2026-03-01T08:00:00.000Z",
  eventTimeZoneOffset: "+00:00",
  quantityList: [{ epcClass: threadproofLotUri(id), quantity: 500, uom: "MTR" }],
  action: "ADD",
  bizStep: "commissioning",
  bizLocation: { id: threadproofFacilityUri("factory-0001") },
  ilmd: {
    "tp:description": "cotton single jersey 180 gsm",
    "tp:hsCode": "6006.21",
    "tp:composition": [{ fibre: "cotton", percent: 100 }],
    "tp:supplier": { name: "Nam Dinh Knitting", country: "VN" },
    "tp:stages": [
      { stage: "spinning", country: "VN" },
      { stage: "fabric-formation", country: "VN" },
    ],
  },
});

async function capture(events: unknown[]): Promise<Json> {
  const answer = await t.call("POST", "/epcis/capture", {
    key: factoryKey,
    rawBody: JSON.stringify({
      "@context": [EPCIS_CONTEXT_URL, { tp: THREADPROOF_NAMESPACE }],
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-03-06T09:00:00+07:00",
      epcisBody: { eventList: events },
    }),
    headers: { "content-type": "application/ld+json" },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  const location = answer.headers.get("location")!;
  for (;;) {
    const job = await t.call("GET", location, { key: factoryKey });
    if (!job.body.running) return job.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Every row of the repository in capture order (without `seq`, which a rebuild renumbers), and its identifiers.
 */
function dumpRepository(db: ServiceDatabase) {
  const events = db
    .prepare("SELECT * FROM epcis_events ORDER BY seq")
    .all()
    .map((row) => {
      const { seq: _seq, event, ...rest } = row as Record<string, unknown>;
      // The event as JSON (the capture keeps its key order, the rebuild the canonical one from IPFS).
      return { ...rest, event: JSON.parse(event as string) as unknown } as Record<string, unknown>;
    });
  const identifiers = db
    .prepare(
      `SELECT e.event_hash, i.role, i.identifier FROM epcis_event_identifiers i JOIN epcis_events e USING (seq)
       ORDER BY e.seq, i.role, i.identifier`,
    )
    .all();
  return { events, identifiers };
}

/** The query interface's whole answer, page after page. */
async function queryAll(): Promise<unknown[]> {
  const events: unknown[] = [];
  let path = "/epcis/events?perPage=2";
  for (;;) {
    const answer = await t.call("GET", path, { key: factoryKey });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    events.push(...(answer.body.epcisBody.queryResults.resultsBody.eventList as unknown[]));
    const next = /<([^>]+)>;\s*rel="next"/.exec(answer.headers.get("link") ?? "")?.[1];
    if (!next) return events;
    path = next.replace(/^https?:\/\/[^/]+/, "");
  }
}

describe("EPCIS repository rebuilt from the chain", () => {
  let before: ReturnType<typeof dumpRepository>;
  let queried: unknown[];

  beforeAll(async () => {
    t = await startTestService();
    factoryKey = (await recordGarmentLife(t, "0001", 20)).keys["factory-0001"]!;
    const first = await capture([
      inspection("2026-03-06T09:00:00+07:00", 1),
      inspection("2026-03-06T09:05:00+07:00", 2),
    ]);
    expect(first.success, JSON.stringify(first)).toBe(true);
    const second = await capture([fabricLot("FL-EPCIS-REBUILD"), inspection("2026-03-06T10:00:00+07:00", 3)]);
    expect(second.success, JSON.stringify(second)).toBe(true);
    // The same inspection again: the repository keeps it once.
    const third = await capture([inspection("2026-03-06T09:00:00+07:00", 1)]);
    expect(third.success, JSON.stringify(third)).toBe(true);
    before = dumpRepository(t.service.serviceDb);
    queried = await queryAll();
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
  });

  it("captured recorded and kept events, each once", () => {
    expect(before.events.map((row) => [row.outcome, row.lot_id])).toEqual([
      ["kept", null],
      ["kept", null],
      ["recorded", "FL-EPCIS-REBUILD"],
      ["kept", null],
    ]);
    expect(before.identifiers.length).toBeGreaterThanOrEqual(4);
    expect(queried).toHaveLength(4);
  });

  it("rebuilds rows equal to the captured ones, and the same query answers", async () => {
    const result = await rebuildEpcisEvents({
      ledger: t.service.ledger,
      store: t.service.store,
      serviceDb: t.service.serviceDb,
    });
    expect(result).toEqual({ captures: 2, events: 4, leftOut: [] });
    expect(dumpRepository(t.service.serviceDb)).toEqual(before);
    expect(await queryAll()).toEqual(queried);
  });

  it("leaves out an event whose record no longer reproduces its hash, and names it", async () => {
    const [tampered] = before.events.filter((row) => row.outcome === "kept");
    const store: Pick<DocumentStore, "get"> = {
      async get(cid) {
        const bytes = await t.service.store.get(cid);
        if (cid !== tampered!.record_cid) return bytes;
        const event = JSON.parse(Buffer.from(bytes).toString("utf8")) as { disposition: string };
        event.disposition = "non_conformant";
        return Buffer.from(JSON.stringify(event), "utf8");
      },
    };
    const result = await rebuildEpcisEvents({
      ledger: t.service.ledger,
      store,
      serviceDb: t.service.serviceDb,
    });
    expect(result.events).toBe(3);
    expect(result.leftOut).toEqual([
      expect.objectContaining({
        eventHash: tampered!.event_hash,
        reason: "its record does not reproduce its event hash",
      }),
    ]);
    expect(dumpRepository(t.service.serviceDb).events).toEqual(
      before.events.filter((row) => row.event_hash !== tampered!.event_hash),
    );
  });

  it("rebuilds the same rows with the rebuild-index command, the service stopped", async () => {
    const dataDir = t.dataDir;
    await t.stop({ keepData: true });
    await run(process.execPath, ["node_modules/.bin/tsx", "scripts/rebuild-index.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", OPERATOR_API_KEY: OPERATOR_KEY },
      timeout: 120_000,
    });
    const db = openServiceDatabase(join(dataDir, "service.sqlite"));
    try {
      expect(dumpRepository(db)).toEqual(before);
    } finally {
      db.close();
    }
    t = await startTestService({}, dataDir);
    expect(await queryAll()).toEqual(queried);
  }, 180_000);
});
