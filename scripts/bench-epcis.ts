/**
 * `npx tsx scripts/bench-epcis.ts`: EPCIS bulk capture against the one-event JSON path, in one run on the
 * real service (embedded chain, Helia, SQLite, loopback HTTP).
 *
 * - one-event path: BENCH_EVENTS fabric lots, each `POST /api/v1/events/fabric-lots`, BENCH_CLIENTS clients;
 * - bulk, mapped: the same number of fabric lots as EPCIS `ObjectEvent`s (ADD, commissioning), in captures of
 *   BENCH_CAPTURE_SIZE events, timed from the first POST /epcis/capture to the last job's success (events
 *   recorded through the same use case: IPFS, journalled, mined, indexed);
 * - bulk, kept: inspection events that map to no threadproof event (stored in IPFS and committed only).
 *
 * Each path is measured for events/s, the process's CPU per event and its peak RSS (scripts/bench/intake.ts).
 * Prints one table and, last, its rows as JSON; targets from the intake issue: bulk ≥ 2,000 events/s and
 * ≥ 10× the one-event path. BENCH_CHAIN_ENGINE=anvil runs the chain in its own process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EPCIS_CONTEXT_URL,
  THREADPROOF_NAMESPACE,
  threadproofFacilityUri,
  threadproofLotUri,
} from "../services/epcis";
import { bulkRows, measureIntake, measureOneEventPath, oneEventRows } from "./bench/intake";
import { progress } from "./bench/measure";
import { benchChainEngine, startBenchService } from "./bench/service";
import { formatTable } from "./bench/table";
import { registerFacilities } from "./bench/workload";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const CAPTURE_SIZE = Number(process.env.BENCH_CAPTURE_SIZE ?? 1_000);

const fabricEvent = (facilityId: string, id: string) => ({
  type: "ObjectEvent",
  eventTime: "2026-03-01T08:00:00.000Z",
  eventTimeZoneOffset: "+00:00",
  quantityList: [{ epcClass: threadproofLotUri(id), quantity: 1000, uom: "MTR" }],
  action: "ADD",
  bizStep: "commissioning",
  bizLocation: { id: threadproofFacilityUri(facilityId) },
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

const inspectionEvent = (n: number) => ({
  type: "ObjectEvent",
  eventTime: new Date(Date.UTC(2026, 2, 1) + n * 1000).toISOString(),
  eventTimeZoneOffset: "+07:00",
  epcList: [`https://id.gs1.org/01/08938505974019/21/${n}`],
  action: "OBSERVE",
  bizStep: "inspecting",
});

async function captureAll(url: string, key: string, events: unknown[]): Promise<void> {
  const locations: string[] = [];
  for (let from = 0; from < events.length; from += CAPTURE_SIZE) {
    const response = await fetch(`${url}/epcis/capture`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/ld+json" },
      body: JSON.stringify({
        "@context": [EPCIS_CONTEXT_URL, { tp: THREADPROOF_NAMESPACE }],
        type: "EPCISDocument",
        schemaVersion: "2.0",
        creationDate: new Date().toISOString(),
        epcisBody: { eventList: events.slice(from, from + CAPTURE_SIZE) },
      }),
    });
    if (response.status !== 202)
      throw new Error(`capture answered ${response.status}: ${await response.text()}`);
    locations.push(response.headers.get("location")!);
  }
  for (const location of locations) {
    for (;;) {
      const job = (await (
        await fetch(`${url}${location}`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as {
        running: boolean;
        success: boolean;
        errors: unknown[];
      };
      if (!job.running) {
        if (!job.success) throw new Error(`capture failed: ${JSON.stringify(job.errors.slice(0, 3))}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-bench-epcis-"));
  const service = await startBenchService({ dataDir, chainEngine: benchChainEngine() });
  try {
    const [facility] = await registerFacilities(service.url, 1, "epcis");
    const { id: facilityId, apiKey } = facility!;
    const single = await measureOneEventPath({
      url: service.url,
      apiKey,
      count: EVENTS,
      clients: CLIENTS,
      tag: "JSON",
    });
    progress(`bulk capture, mapped: ${EVENTS} fabric lots in captures of ${CAPTURE_SIZE}`);
    const mappedEvents = Array.from({ length: EVENTS }, (_, n) => fabricEvent(facilityId, `EPCIS-${n}`));
    const mapped = await measureIntake(EVENTS, () => captureAll(service.url, apiKey, mappedEvents));
    progress(`bulk capture, kept: ${EVENTS} inspection events`);
    const keptEvents = Array.from({ length: EVENTS }, (_, n) => inspectionEvent(n));
    const kept = await measureIntake(EVENTS, () => captureAll(service.url, apiKey, keptEvents));
    const rows = [
      ...oneEventRows(single, CLIENTS),
      ...bulkRows(`EPCIS bulk capture, fabric lots (mapped), captures of ${CAPTURE_SIZE}`, mapped, single),
      ...bulkRows(`EPCIS bulk capture, inspections (kept), captures of ${CAPTURE_SIZE}`, kept, single),
    ];
    console.log(formatTable(rows));
    // The last line for scripts/bench.ts, which puts these rows in its own table and bench.json.
    console.log(JSON.stringify(rows));
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
