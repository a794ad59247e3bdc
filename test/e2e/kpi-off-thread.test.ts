/**
 * The KPI dashboard does not hold the service: while a year's report over 40,000 lots is computed (in a
 * worker thread, services/kpis/tasks.ts), `/healthz` is answered, and before the report is. The read model is
 * filled straight in SQLite (test/support/kpi-lots.ts), as the indexer would leave it.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIndexDatabase } from "../../services/read-model/database";
import { OPERATOR_KEY, startTestService } from "../support/api-harness";
import type { TestService } from "../support/api-harness";
import { consoleCookie } from "../support/console-session";
import { fillKpiLots } from "../support/kpi-lots";

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
  const indexDb = openIndexDatabase(join(t.dataDir, "index.sqlite"));
  fillKpiLots(indexDb, { chains: 10_000, facilities: 20, start: Date.parse("2026-01-01T01:00:00Z") });
  indexDb.close();
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe("the KPI report off the event loop", () => {
  it("answers /healthz while a year's report over 40,000 lots is computed, before the report", async () => {
    const cookie = await consoleCookie(t.service.url, OPERATOR_KEY);
    const answered: string[] = [];
    const report = fetch(`${t.service.url}/console/operator/kpis?from=2026-01-01&to=2026-12-31&lang=en`, {
      headers: { cookie },
    }).then(async (response) => {
      answered.push("report");
      return { status: response.status, page: await response.text() };
    });
    // Let the report's request reach the service and its computation start: on the event loop (as before
    // the worker) it would hold /healthz until the report was done.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const health = await fetch(`${t.service.url}/healthz`);
    answered.push("health");
    expect(health.status).toBe(200);
    const { status, page } = await report;
    expect(status).toBe(200);
    // The report is the big one: 39,700-odd events in the year (the last shipments fall in 2027).
    expect(page).toMatch(/39[,.]?\d{3}/);
    expect(answered).toEqual(["health", "report"]);
  }, 120_000);
});
