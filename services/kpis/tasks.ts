/**
 * The KPI report as a worker-thread task (services/support/worker-pool.ts): a full year over 100,000 lots is
 * seconds of SQLite work, which on the event loop would hold every other request. The worker reads the read
 * model through a read-only connection of its own (WAL: it sees what is committed and never blocks the
 * indexer), kept open between reports; the assessments and scans of the period come with the task.
 */
import type { IndexDatabase } from "../read-model/database";
import { openIndexDatabaseReadOnly } from "../read-model/database";
import type { KpiPeriodDays } from "./period";
import { reportOf } from "./report";
import type { KpiInputs, KpiReport } from "./report";

const connections = new Map<string, IndexDatabase>();

/** The KPI report (services/kpis/report.ts, reportOf) of the read model at `indexPath`. */
export function kpiReport(input: {
  indexPath: string;
  period: KpiPeriodDays;
  inputs: KpiInputs;
  now: string;
}): KpiReport {
  let db = connections.get(input.indexPath);
  if (!db) connections.set(input.indexPath, (db = openIndexDatabaseReadOnly(input.indexPath)));
  return reportOf(db, input.period, input.inputs, new Date(input.now));
}
