/**
 * KPI dashboard benchmark: fills a throw-away read model with BENCH_CHAINS supply chains (default 25,000:
 * fabric lot → cutting → sewing → export, 100,000 lots) spread over a year across 20 facilities, plus
 * assessments and scans, then times every figure of the longest period a request may ask for (366 days).
 * The rows are written straight into SQLite, as the indexer would leave them, so the run takes seconds.
 *
 *   npx tsx scripts/bench-kpis.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "../services/kpis/period";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { computeKpis, computeKpisOffThread, workerReportRunner } from "../services/kpis/report";
import { openIndexDatabase } from "../services/read-model/database";
import * as kpi from "../services/read-model/kpis";
import { noteAssessment } from "../services/service-db/assessment-register";
import { openServiceDatabase } from "../services/service-db/database";
import { openScanCounter } from "../services/service-db/scan-counter";
import { createWorkerPool } from "../services/support/worker-pool";
import { fillKpiLots } from "../test/support/kpi-lots";

const CHAINS = Number(process.env.BENCH_CHAINS ?? 25_000);
const FACILITIES = 20;
const DAY_MS = 86_400_000;
const start = Date.parse("2026-01-01T01:00:00Z");

const dir = mkdtempSync(join(tmpdir(), "tp-bench-kpis-"));
const indexDb = openIndexDatabase(join(dir, "index.sqlite"));
const serviceDb = openServiceDatabase(join(dir, "service.sqlite"));
let now = start;
const scans = openScanCounter(join(dir, "scans.sqlite"), { now: () => now });

const filled = Date.now();
fillKpiLots(indexDb, { chains: CHAINS, facilities: FACILITIES, start });
for (let i = 0; i < CHAINS / 10; i++)
  noteAssessment(serviceDb, {
    id: `bafy-${i}`,
    subjectId: `SHP-${i}`,
    fta: ["CPTPP", "EVFTA", "RCEP"][i % 3]!,
    status: i % 4 === 0 ? "not-originating" : "originating",
    provisional: i % 3 === 2,
    assessedBy: "certifier:bench",
    assessedAt: new Date(start + (i % 360) * DAY_MS).toISOString(),
  });
for (let i = 0; i < CHAINS; i++) {
  now = start + (i % 360) * DAY_MS;
  scans.record(`SEW-${i}/${i % 500}`, { ip: `10.${i % 200}.0.1`, acceptLanguage: "vi-VN" });
}
const fillMs = Date.now() - filled;

const period = parsePeriod({ from: "2026-01-01", to: "2027-01-01" });
if (process.env.BENCH_PROFILE) {
  const p = { from: period.fromInstant, to: period.toInstant };
  for (const [name, run] of Object.entries({
    events: () => kpi.kpiEventCounts(indexDb, p),
    garments: () => kpi.kpiGarmentsCommitted(indexDb, p),
    cuttings: () => kpi.kpiCuttings(indexDb, p),
    history: () => kpi.kpiStyleHistory(indexDb, p.from),
    sewing: () => kpi.kpiSewingDays(indexDb, p),
    onTime: () => kpi.kpiLotsOnTime(indexDb, p, 7, "2027-01-02T00:00:00Z"),
    certificates: () => kpi.kpiCertificates(indexDb, p),
    scans: () => scans.activity(Date.parse(p.from), Date.parse(p.to)),
  })) {
    const began = performance.now();
    run();
    console.log(`  ${name}: ${(performance.now() - began).toFixed(0)} ms`);
  }
}
const runs: number[] = [];
let report = computeKpis({ indexDb, serviceDb, scans }, period, new Date("2027-01-02T00:00:00Z"));
for (let run = 0; run < 3; run++) {
  const began = performance.now();
  report = computeKpis({ indexDb, serviceDb, scans }, period, new Date("2027-01-02T00:00:00Z"));
  runs.push(performance.now() - began);
}
async function main(): Promise<void> {
  // The same report with the read model's figures in a worker thread (as the service runs it): how long the
  // event loop is held, in-thread against off-thread (the longest delay a timer sees, ms).
  const workers = createWorkerPool({ tasks: require.resolve("../services/kpis/tasks"), name: "KPI report" });
  const runner = workerReportRunner(workers, indexDb.name);
  await computeKpisOffThread({ indexDb, serviceDb, scans }, period, runner, new Date("2027-01-02T00:00:00Z"));
  const heldFor = async (compute: () => unknown) => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // The monitor records from its second tick on: let it tick once before the work starts.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const began = performance.now();
    await compute();
    const ms = performance.now() - began;
    // Let the monitor's timer see the last stretch.
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.disable();
    return { ms, heldMs: delay.max / 1e6 };
  };
  const inThread = await heldFor(() =>
    computeKpis({ indexDb, serviceDb, scans }, period, new Date("2027-01-02T00:00:00Z")),
  );
  const offThread = await heldFor(() =>
    computeKpisOffThread({ indexDb, serviceDb, scans }, period, runner, new Date("2027-01-02T00:00:00Z")),
  );
  await workers.close();
  console.log(
    [
      `kpi dashboard over ${period.days} days: ${CHAINS * 4} lots, ${FACILITIES} facilities (filled in ${fillMs} ms)`,
      `  compute every figure: ${runs.map((ms) => `${ms.toFixed(0)} ms`).join(", ")} (3 runs after one warm-up)`,
      `  events ${report.events.province.total}, garments ${report.garments.province.garments},` +
        ` yield rows ${report.cuttingYield.rows.length}, line-days ${report.sewingOutput.days.length},` +
        ` lots on time ${report.lotsOnTime.province.onTime}/${report.lotsOnTime.province.arrived},` +
        ` assessments ${report.originPassRate.province.assessed}, scans ${report.scans.province.scans}`,
      `  in-thread: ${inThread.ms.toFixed(0)} ms, event loop held up to ${inThread.heldMs.toFixed(0)} ms; ` +
        `off-thread (worker): ${offThread.ms.toFixed(0)} ms, event loop held up to ${offThread.heldMs.toFixed(0)} ms`,
      `  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    ].join("\n"),
  );
  scans.close();
  indexDb.close();
  serviceDb.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
