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
import { chainKey } from "../services/chain/keys";
import { parsePeriod } from "../services/kpis/period";
import { computeKpis } from "../services/kpis/report";
import { openIndexDatabase } from "../services/read-model/database";
import * as kpi from "../services/read-model/kpis";
import { noteAssessment } from "../services/service-db/assessment-register";
import { openServiceDatabase } from "../services/service-db/database";
import { openScanCounter } from "../services/service-db/scan-counter";

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
const insertFacility = indexDb.prepare(
  `INSERT INTO facilities (facility_key, id, name, country, roles, account, metadata_digest, metadata_cid,
     tx_hash, block_number) VALUES (?, ?, ?, 'VN', '["fabric","cutting","sewing","shipping"]', '0x0', '0x0', 'x',
     '0x0', 0)`,
);
const insertLot = indexDb.prepare(
  `INSERT INTO lots (lot_key, id, kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
     record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time, occurred_at)
   VALUES (@key, @id, @kind, @operation, @facility, @facility, @quantity, 0, @unit, '0x0', 'x', 1, '0x0', 0, 0,
     @at, @at)`,
);
const insertConsumption = indexDb.prepare(
  `INSERT INTO consumptions (into_lot_key, lot_key, quantity, remaining_after, tx_hash, block_number, log_index)
   VALUES (?, ?, ?, 0, '0x0', 0, 0)`,
);
const insertCutting = indexDb.prepare("INSERT INTO cutting_details (lot_key, style) VALUES (?, ?)");
const insertSewing = indexDb.prepare("INSERT INTO sewing_details (lot_key, garment_count) VALUES (?, ?)");
const insertRanOn = indexDb.prepare("INSERT INTO lot_equipment (lot_key, line_id) VALUES (?, ?)");

indexDb.transaction(() => {
  for (let f = 0; f < FACILITIES; f++) insertFacility.run(chainKey(`fac-${f}`), `fac-${f}`, `Factory ${f}`);
  for (let i = 0; i < CHAINS; i++) {
    const facility = chainKey(`fac-${i % FACILITIES}`);
    const day = start + (i % 360) * DAY_MS;
    const lot = (id: string, kind: string, operation: string, quantity: number, unit: string, at: number) => {
      insertLot.run({
        key: chainKey(id),
        id,
        kind,
        operation,
        facility,
        quantity,
        unit,
        at: new Date(at).toISOString(),
      });
      return chainKey(id);
    };
    const fabric = lot(`FL-${i}`, "fabric", "fabric-lot", 1000, "m", day);
    const cut = lot(`CUT-${i}`, "cut-bundles", "cutting", 1000 + (i % 50), "pcs", day + 2 * DAY_MS);
    insertConsumption.run(cut, fabric, 500);
    insertCutting.run(cut, `STYLE-${i % 40}`);
    const sewn = lot(`SEW-${i}`, "garment-batch", "sewing", 500, "pcs", day + (3 + (i % 9)) * DAY_MS);
    insertConsumption.run(sewn, cut, 1000);
    insertSewing.run(sewn, 500);
    insertRanOn.run(sewn, `LINE-${i % 8}`);
    const shipped = lot(`SHP-${i}`, "shipment", "shipment", 500, "pcs", day + 14 * DAY_MS);
    insertConsumption.run(shipped, sewn, 500);
  }
})();
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
console.log(
  [
    `kpi dashboard over ${period.days} days: ${CHAINS * 4} lots, ${FACILITIES} facilities (filled in ${fillMs} ms)`,
    `  compute every figure: ${runs.map((ms) => `${ms.toFixed(0)} ms`).join(", ")} (3 runs after one warm-up)`,
    `  events ${report.events.province.total}, garments ${report.garments.province.garments},` +
      ` yield rows ${report.cuttingYield.rows.length}, line-days ${report.sewingOutput.days.length},` +
      ` lots on time ${report.lotsOnTime.province.onTime}/${report.lotsOnTime.province.arrived},` +
      ` assessments ${report.originPassRate.province.assessed}, scans ${report.scans.province.scans}`,
    `  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  ].join("\n"),
);
scans.close();
indexDb.close();
serviceDb.close();
rmSync(dir, { recursive: true, force: true });
