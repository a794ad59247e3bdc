/**
 * The KPI report computed in a worker thread (services/kpis/tasks.ts through the service's worker pool, with
 * its own read-only connection) is the report computed here, figure for figure; and the read model stays
 * written by its own connection meanwhile.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../../services/kpis/period";
import { computeKpis, computeKpisOffThread, workerReportRunner } from "../../../services/kpis/report";
import { openIndexDatabase } from "../../../services/read-model/database";
import { noteAssessment } from "../../../services/service-db/assessment-register";
import { openServiceDatabase } from "../../../services/service-db/database";
import { openScanCounter } from "../../../services/service-db/scan-counter";
import { createWorkerPool } from "../../../services/support/worker-pool";
import { fillKpiLots } from "../../support/kpi-lots";

const start = Date.parse("2026-01-01T01:00:00Z");
const dir = mkdtempSync(join(tmpdir(), "tp-kpi-worker-"));
const indexDb = openIndexDatabase(join(dir, "index.sqlite"));
const serviceDb = openServiceDatabase(join(dir, "service.sqlite"));
let clock = start;
const scans = openScanCounter(join(dir, "scans.sqlite"), { now: () => clock });
const workers = createWorkerPool({
  tasks: require.resolve("../../../services/kpis/tasks"),
  name: "KPI report",
});

afterAll(async () => {
  await workers.close();
  scans.close();
  indexDb.close();
  serviceDb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the KPI report off the event loop", () => {
  it("gives the same figures in a worker as here", async () => {
    fillKpiLots(indexDb, { chains: 2000, facilities: 5, start });
    for (let i = 0; i < 200; i++) {
      noteAssessment(serviceDb, {
        id: `bafy-${i}`,
        subjectId: `SHP-${i}`,
        fta: ["CPTPP", "EVFTA"][i % 2]!,
        status: i % 4 === 0 ? "not-originating" : "originating",
        provisional: false,
        assessedBy: "certifier:test",
        assessedAt: new Date(start + i * 86_400_000).toISOString(),
      });
      clock = start + i * 86_400_000;
      scans.record(`SEW-${i}/1`, { ip: `10.0.${i}.1`, acceptLanguage: "vi-VN" });
    }
    const period = parsePeriod({ from: "2026-01-01", to: "2026-12-31" });
    const now = new Date("2027-01-02T00:00:00Z");
    const runner = workerReportRunner(workers, indexDb.name);
    const offThread = await computeKpisOffThread({ indexDb, serviceDb, scans }, period, runner, now);
    const here = computeKpis({ indexDb, serviceDb, scans }, period, now);
    expect(offThread).toEqual(here);
    // Not an empty report that happens to match: every figure has rows.
    expect(here.events.province.total).toBeGreaterThan(7000);
    expect(here.originPassRate.province.assessed).toBe(200);
    expect(here.scans.province.scans).toBe(200);
    expect(here.sewingOutput.lines.length).toBeGreaterThan(0);

    // What the indexer commits after the worker opened its connection is in the next report.
    indexDb
      .prepare(
        `INSERT INTO lots (lot_key, id, kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
           record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time, occurred_at)
         SELECT '0xextra', 'FL-EXTRA', kind, operation, facility_key, recorded_by_key, quantity, remaining, unit,
           record_digest, record_cid, record_available, tx_hash, block_number, log_index, block_time, occurred_at
         FROM lots WHERE id = 'FL-0'`,
      )
      .run();
    const later = await computeKpisOffThread({ indexDb, serviceDb, scans }, period, runner, now);
    expect(later.events.province.total).toBe(here.events.province.total + 1);
  }, 120_000);
});
