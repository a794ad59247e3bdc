/**
 * The programme operator's KPI dashboard: `/console/operator/kpis` over a period (`from`, `to`; the last 30
 * days by default, at most 366), and each figure as CSV at `/console/operator/kpis/{figure}.csv`. Operator
 * sessions only; a facility's or certifier's session gets 403. The figures are services/kpis' report.
 */
import { z } from "zod";
import { hasCode } from "../../errors/index";
import type { AppError } from "../../errors/index";
import type { FieldIssue } from "../../errors/index";
import { figureCsv, KPI_FIGURES } from "../../kpis/csv";
import type { KpiFigure } from "../../kpis/csv";
import { MAX_PERIOD_DAYS, parsePeriod, periodPresets } from "../../kpis/period";
import type { KpiPeriodDays } from "../../kpis/period";
import { computeKpisOffThread } from "../../kpis/report";
import type { KpiReport } from "../../kpis/report";
import { KPI_PATH, kpiColumnLabel, renderKpiPage, renderRefusedPage } from "../../../web/console/index";
import type { KpiPageModel } from "../../../web/console/index";
import type { HandlerRoute } from "../route-table";
import type { RouteContext } from "../routes/context";
import { textAnswer } from "../routes/answers";
import { requireSession, sendConsolePage } from "./session";
import type { SignedIn } from "./session";

const PeriodQuery = z.object({
  from: z.string().max(32).optional(),
  to: z.string().max(32).optional(),
  lang: z.string().max(8).optional(),
});

/** The period's query values as sent (text only, bounded), for the form to show them again. */
function periodValues(query: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const sent = (query ?? {}) as Record<string, unknown>;
  for (const name of ["from", "to"] as const) {
    if (typeof sent[name] === "string") values[name] = sent[name].slice(0, 32);
  }
  return values;
}

type Answer =
  | { report: KpiReport; values: Record<string, string> }
  | { refused: FieldIssue[]; values: Record<string, string> };

/**
 * Reports computed in the last {@link REPORT_TTL_MS}, by read model and period: the page and its eight CSV
 * downloads cost one computation (a full year over 100,000 lots takes seconds: scripts/bench-kpis.ts), done
 * off the event loop (services/kpis/tasks.ts). A report being computed is shared by the requests that ask.
 */
const REPORT_TTL_MS = 60_000;
const MAX_CACHED_REPORTS = 16;
const reports = new WeakMap<object, Map<string, { at: number; report: Promise<KpiReport> }>>();

function cachedReport(context: RouteContext, period: KpiPeriodDays): Promise<KpiReport> {
  let cache = reports.get(context.indexDb);
  if (!cache) reports.set(context.indexDb, (cache = new Map()));
  const key = `${period.from}/${period.to}`;
  const now = Date.now();
  const kept = cache.get(key);
  if (kept && now - kept.at < REPORT_TTL_MS) return kept.report;
  const report = computeKpisOffThread(
    { indexDb: context.indexDb, serviceDb: context.serviceDb, scans: context.viewer.scans },
    period,
    context.kpiReports,
  );
  cache.delete(key);
  cache.set(key, { at: now, report });
  // A failed computation is not kept: the next request tries again.
  report.catch(() => {
    if (cache.get(key)?.report === report) cache.delete(key);
  });
  // The oldest go first: a map keeps insertion order.
  while (cache.size > MAX_CACHED_REPORTS) cache.delete(cache.keys().next().value!);
  return report;
}

/** The report of the period the query asks for, or the period's field errors. */
async function reportFor(context: RouteContext, query: unknown): Promise<Answer> {
  const values = periodValues(query);
  let period: KpiPeriodDays;
  try {
    period = parsePeriod(values);
  } catch (error) {
    if (!hasCode(error, "VALIDATION_FAILED")) throw error;
    const details = (error as AppError).details as { fields?: FieldIssue[] } | undefined;
    return { refused: details?.fields ?? [], values };
  }
  const report = await cachedReport(context, period);
  return { report, values: { from: period.from, to: period.to } };
}

function sendDashboard(response: Parameters<HandlerRoute["handle"]>[1], signedIn: SignedIn, answer: Answer) {
  const model: KpiPageModel =
    "report" in answer
      ? {
          form: { values: answer.values, fields: [] },
          report: answer.report,
          maxDays: MAX_PERIOD_DAYS,
          presets: periodPresets(),
        }
      : {
          presets: periodPresets(),
          form: {
            values: answer.values,
            fields: answer.refused.map(({ path, message }) => ({ path, message })),
          },
          report: null,
          maxDays: MAX_PERIOD_DAYS,
        };
  sendConsolePage(
    response,
    "report" in answer ? 200 : 400,
    renderKpiPage(signedIn.frame, model),
    signedIn.lang,
  );
}

const isFigure = (value: unknown): value is KpiFigure =>
  typeof value === "string" && (KPI_FIGURES as readonly string[]).includes(value);

/** The dashboard's routes, spread into the consoles' route table (services/http/console/routes.ts). */
export const kpiConsoleRoutes: HandlerRoute[] = [
  {
    method: "get",
    path: KPI_PATH,
    operationId: "getConsoleKpis",
    summary: "The programme operator's KPI dashboard over a period (from, to: YYYY-MM-DD)",
    access: "public",
    undocumented: true,
    request: { query: PeriodQuery },
    answers: { 200: { description: "The page", content: { "text/html": textAnswer } } },
    errors: ["VALIDATION_FAILED"],
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "operator");
      if (!signedIn) return;
      sendDashboard(response, signedIn, await reportFor(context, request.query));
    },
  },
  {
    method: "get",
    path: `${KPI_PATH}/:figure.csv`,
    operationId: "getConsoleKpiCsv",
    summary: "One figure of the KPI dashboard as CSV, over the same period",
    access: "public",
    undocumented: true,
    request: { query: PeriodQuery },
    answers: { 200: { description: "The figure", content: { "text/csv": textAnswer } } },
    errors: ["VALIDATION_FAILED", "NOT_FOUND"],
    handle: async (request, response, context) => {
      const signedIn = await requireSession(request, response, context, "operator");
      if (!signedIn) return;
      const figure = request.params.figure;
      if (!isFigure(figure)) {
        sendConsolePage(response, 404, renderRefusedPage(signedIn.frame, "not-found"), signedIn.lang);
        return;
      }
      const answer = await reportFor(context, request.query);
      if (!("report" in answer)) {
        sendDashboard(response, signedIn, answer);
        return;
      }
      const { from, to } = answer.report.period;
      const csv = figureCsv(answer.report, figure, (column) => kpiColumnLabel(column, signedIn.lang));
      response
        .status(200)
        .set({
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${figure}-${from}-${to}.csv"`,
          "Content-Language": signedIn.lang,
          "Cache-Control": "no-store",
          Vary: "Accept-Language, Cookie",
        })
        // A byte order mark, so that a spreadsheet opens the Vietnamese headers as UTF-8.
        .send(`\uFEFF${csv}`);
    },
  },
];
