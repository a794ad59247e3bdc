/**
 * What the intake benches (scripts/bench-epcis.ts, scripts/bench-import.ts) share: a bulk path measured
 * beside the one-event-per-request path in the same run — events/s, the speed-up, the service's CPU per event
 * and its peak resident memory — and the rows that judge them against the intake issue's targets.
 *
 * The service runs in the bench's own process, so the process's CPU time and RSS are the service's (plus the
 * bench's small client loop).
 */
import { fmt, verdict } from "./table";
import type { BenchRow } from "./table";
import { progress, rssMiB, runClients } from "./measure";
import { fabricBody, postJson } from "./workload";

export const INTAKE_TARGETS = { eventsPerSecond: 2_000, ratioToOneEvent: 10 } as const;

/** One path's figures: events acknowledged, how long, the process's CPU per event, its RSS before and at peak. */
export interface IntakeFigures {
  events: number;
  seconds: number;
  perSecond: number;
  cpuMsPerEvent: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
}

/**
 * Runs `work` (which acknowledges `events` events) and measures it: wall time, user+system CPU of the
 * process, and its RSS sampled every 25 ms.
 */
export async function measureIntake(events: number, work: () => Promise<void>): Promise<IntakeFigures> {
  const rssBeforeMiB = rssMiB();
  let peakRssMiB = rssBeforeMiB;
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB())), 25);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    events,
    seconds,
    perSecond: events / seconds,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / events,
    rssBeforeMiB,
    peakRssMiB: Math.max(peakRssMiB, rssMiB()),
  };
}

/** The one-event path: `count` fabric lots, each its own `POST /api/v1/events/fabric-lots`, from `clients`. */
export function measureOneEventPath(params: {
  url: string;
  apiKey: string;
  count: number;
  clients: number;
  tag: string;
}): Promise<IntakeFigures> {
  progress(`one-event path: ${params.count} fabric lots, ${params.clients} clients`);
  return measureIntake(params.count, async () => {
    await runClients({
      clients: params.clients,
      count: params.count,
      task: async (_client, n) => {
        await postJson(
          `${params.url}/api/v1/events/fabric-lots`,
          params.apiKey,
          fabricBody(`${params.tag}-${n}`),
        );
      },
    });
  });
}

/** The one-event path's rows: its rate (the baseline of the bulk paths) and its CPU per event. */
export function oneEventRows(single: IntakeFigures, clients: number): BenchRow[] {
  return [
    {
      section: "ingest",
      measure: `one-event JSON path: fabric lots acknowledged/s, ${fmt.int(single.events)} events, ${clients} clients`,
      value: `${fmt.int(single.perSecond)} /s`,
      baseline: "",
      ratio: "",
      target: "no regression (compare the README's last run)",
      result: "",
      data: { ...single },
    },
    {
      section: "ingest",
      measure: "one-event JSON path: service CPU per event (process user+system)",
      value: fmt.ms(single.cpuMsPerEvent),
      baseline: "",
      ratio: "",
      target: "",
      result: "",
    },
  ];
}

/** A bulk path's rows against the one-event path of the same run: rate, speed-up, CPU per event, peak RSS. */
export function bulkRows(name: string, bulk: IntakeFigures, single: IntakeFigures): BenchRow[] {
  const ratio = bulk.perSecond / single.perSecond;
  const baseline = `one-event ${fmt.int(single.perSecond)} /s (same run)`;
  return [
    {
      section: "ingest",
      measure: `${name}: events acknowledged/s (IPFS, journalled, mined, indexed), ${fmt.int(bulk.events)} events`,
      value: `${fmt.int(bulk.perSecond)} /s`,
      baseline,
      ratio: `${ratio.toFixed(1)}x`,
      target: `>= ${fmt.int(INTAKE_TARGETS.eventsPerSecond)} /s`,
      result: verdict(bulk.perSecond >= INTAKE_TARGETS.eventsPerSecond),
      data: { ...bulk },
    },
    {
      section: "ingest",
      measure: `${name}: speed-up over one event per request`,
      value: `${ratio.toFixed(1)}x`,
      baseline,
      ratio: `${ratio.toFixed(1)}x`,
      target: `>= ${INTAKE_TARGETS.ratioToOneEvent}x`,
      result: verdict(ratio >= INTAKE_TARGETS.ratioToOneEvent),
    },
    {
      section: "ingest",
      measure: `${name}: service CPU per event (process user+system)`,
      value: fmt.ms(bulk.cpuMsPerEvent),
      baseline: `one-event ${fmt.ms(single.cpuMsPerEvent)}`,
      ratio: `${(bulk.cpuMsPerEvent / single.cpuMsPerEvent).toFixed(2)}x`,
      // 2,000 events/s on this machine's 2 cores leaves at most 1 ms of CPU per event.
      target: "<= 1.00 ms (2,000 /s on 2 cores)",
      result: verdict(bulk.cpuMsPerEvent <= 1),
    },
    {
      section: "memory",
      measure: `${name}: peak RSS of the service process`,
      value: fmt.mib(bulk.peakRssMiB),
      baseline: `before: ${fmt.mib(bulk.rssBeforeMiB)}`,
      ratio: `${(bulk.peakRssMiB / bulk.rssBeforeMiB).toFixed(2)}x`,
      target: "",
      result: "",
    },
  ];
}
