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
 * Prints one table; targets from the intake issue: bulk ≥ 2,000 events/s and ≥ 10× the one-event path.
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
import { progress, runClients } from "./bench/measure";
import { startBenchService } from "./bench/service";
import { fabricBody, postJson, registerFacilities } from "./bench/workload";

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

async function captureAll(url: string, key: string, events: unknown[]): Promise<number> {
  const started = performance.now();
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
  return (events.length / (performance.now() - started)) * 1000;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "tp-bench-epcis-"));
  const service = await startBenchService({ dataDir });
  try {
    const [facility] = await registerFacilities(service.url, 1, "epcis");
    const { id: facilityId, apiKey } = facility!;
    progress(`one-event path: ${EVENTS} fabric lots, ${CLIENTS} clients`);
    const single = await runClients({
      clients: CLIENTS,
      count: EVENTS,
      task: async (_client, n) => {
        await postJson(`${service.url}/api/v1/events/fabric-lots`, apiKey, fabricBody(`JSON-${n}`));
      },
    });
    progress(`bulk capture, mapped: ${EVENTS} fabric lots in captures of ${CAPTURE_SIZE}`);
    const cpuBefore = process.cpuUsage();
    const mapped = await captureAll(
      service.url,
      apiKey,
      Array.from({ length: EVENTS }, (_, n) => fabricEvent(facilityId, `EPCIS-${n}`)),
    );
    const cpu = process.cpuUsage(cpuBefore);
    progress(`bulk capture, kept: ${EVENTS} inspection events`);
    const kept = await captureAll(
      service.url,
      apiKey,
      Array.from({ length: EVENTS }, (_, n) => inspectionEvent(n)),
    );
    const rows = [
      ["one-event JSON path (fabric lot)", single.perSecond, ""],
      [
        "EPCIS bulk capture, mapped (fabric lot)",
        mapped,
        `≥ 2,000 and ≥ 10× (${(mapped / single.perSecond).toFixed(1)}×)`,
      ],
      ["EPCIS bulk capture, kept (inspection)", kept, `${(kept / single.perSecond).toFixed(1)}×`],
    ];
    console.log(`| measure (${EVENTS} events) | events/s | against target |`);
    console.log("| --- | ---: | --- |");
    for (const [name, value, note] of rows)
      console.log(`| ${name} | ${Math.round(value as number)} | ${note} |`);
    console.log(
      `service CPU per mapped event (whole process, user+system): ${((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(2)} ms`,
    );
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
