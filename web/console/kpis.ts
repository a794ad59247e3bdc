/**
 * The programme operator's KPI dashboard: the period form, then one card per figure with its chart drawn
 * here as SVG (no script, no style attribute: the classes are the console stylesheet's), the same numbers in
 * a table beside it (each numeric cell also carries its raw value in `data-value`), and a link to its CSV.
 */
import { html, trustedHtml } from "../html";
import type { HtmlValue, SafeHtml } from "../html";
import type { Lang } from "../view-model";
import { consoleLayout } from "./layout";
import { fieldMessage } from "./i18n";
import { kpiFieldMessageVi, kpiMessages } from "./kpis-i18n";
import type { KpiMessages } from "./kpis-i18n";
import type { ConsoleFrame, FormState } from "./view-model";

export const KPI_PATH = "/console/operator/kpis";

interface Facility {
  facilityId: string;
  facilityName: string | null;
}

/** The report the page shows: the shape of services/kpis' report (the compiler checks they agree). */
export interface KpiReportView {
  period: { from: string; to: string; days: number };
  events: {
    rows: (Facility & EventCounts)[];
    province: EventCounts;
  };
  garments: {
    rows: (Facility & { batches: number; garments: number })[];
    province: { batches: number; garments: number };
  };
  cuttingYield: {
    rows: (Facility & {
      style: string | null;
      equipmentId: string | null;
      cuttings: number;
      pieces: number;
      metres: number;
      piecesPerMetre: number | null;
      baseline: number | null;
      baselineKind: "style" | "facility" | null;
      difference: number | null;
    })[];
    province: { pieces: number; metres: number; piecesPerMetre: number | null };
  };
  sewingOutput: {
    lines: (Facility & {
      lineId: string | null;
      days: number;
      garments: number;
      perDay: number;
      bestDay: { day: string; garments: number } | null;
    })[];
    province: { garments: number; days: number; perDay: number | null };
  };
  lotsOnTime: {
    allowanceDays: number;
    rows: (Facility & OnTime)[];
    province: OnTime;
  };
  originPassRate: {
    rows: ({ fta: string } & PassCounts)[];
    province: PassCounts;
  };
  certificates: {
    rows: (Facility & { fta: string; issued: number; revoked: number })[];
    byAgreement: { fta: string; issued: number; revoked: number }[];
    province: { issued: number; revoked: number };
  };
  scans: {
    rows: (Facility & { scans: number; garments: number; warned: number })[];
    province: { scans: number; garments: number; warned: number };
  };
}

interface EventCounts {
  fabricLots: number;
  cuttings: number;
  sewings: number;
  shipments: number;
  transfers: number;
  total: number;
}

interface OnTime {
  arrived: number;
  onTime: number;
  late: number;
  pending: number;
  rate: number | null;
}

interface PassCounts {
  assessed: number;
  originating: number;
  notOriginating: number;
  insufficientData: number;
  provisional: number;
  rate: number | null;
}

export interface KpiPageModel {
  /** The period as asked (the form's values) and what was wrong with it. */
  form: FormState;
  /** Null when the period was refused. */
  report: KpiReportView | null;
  maxDays: number;
  /** One-click periods up to today. */
  presets: { days: number; from: string; to: string }[];
}

// ---- Numbers in the page's language ----

const locale = (lang: Lang) => (lang === "vi" ? "vi-VN" : "en-GB");
const formatInteger = (lang: Lang, value: number) =>
  new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(value);
const formatDecimal = (lang: Lang, value: number, digits = 2) =>
  new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
const formatPercent = (lang: Lang, value: number, signed = false) =>
  new Intl.NumberFormat(locale(lang), {
    style: "percent",
    maximumFractionDigits: 1,
    ...(signed ? { signDisplay: "exceptZero" as const } : {}),
  }).format(value);

/** A numeric cell: the number as the reader reads it, the raw value for machines. */
function numberCell(text: string, value: number | null): SafeHtml {
  return value === null
    ? html`<td class="num" data-value="">–</td>`
    : html`<td class="num" data-value="${String(value)}">${text}</td>`;
}
const integerCell = (lang: Lang, value: number) => numberCell(formatInteger(lang, value), value);
const decimalCell = (lang: Lang, value: number | null) =>
  numberCell(value === null ? "" : formatDecimal(lang, value), value === null ? null : round4(value));
const percentCell = (lang: Lang, value: number | null, signed = false) =>
  numberCell(value === null ? "" : formatPercent(lang, value, signed), value === null ? null : round4(value));
const round4 = (value: number) => Number(value.toFixed(4));

// ---- Charts ----

interface Bar {
  label: string;
  value: number;
  /** The value as the reader reads it, written at the bar's end. */
  text: string;
  /** A second value drawn as a tick across the bar (the baseline). */
  marker?: number | null;
  tone?: "bad" | "ok";
}

const CHART_WIDTH = 480;
const BAR_AREA = 380;
const ROW_HEIGHT = 60;

const shorten = (text: string, max = 44) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A horizontal bar chart as SVG, one row per bar: its label above the bar, the bar scaled to the largest
 * value (or `max`), the value written after it and, when given, a baseline tick across it. Named by `title`
 * for assistive technology; the table beside it holds the same numbers.
 */
export function barChart(id: string, title: string, bars: readonly Bar[], max?: number): SafeHtml {
  const top = Math.max(max ?? 0, ...bars.map((bar) => Math.max(bar.value, bar.marker ?? 0)), 1e-9);
  const height = bars.length * ROW_HEIGHT + 4;
  const scale = (value: number) => Math.round((Math.max(value, 0) / top) * BAR_AREA * 10) / 10;
  return html`<svg
    class="chart"
    viewBox="0 0 ${CHART_WIDTH} ${height}"
    role="img"
    aria-labelledby="${id}-title"
    data-chart="${id}"
    data-bars="${bars.length}"
  >
    <title id="${id}-title">${title}</title>
    ${bars.map((bar, index) => {
      const y = index * ROW_HEIGHT;
      const width = scale(bar.value);
      const marker = bar.marker === undefined || bar.marker === null ? null : scale(bar.marker);
      const valueAt = Math.max(width, marker ?? 0) + 8;
      return html`<g data-bar="${bar.label}" data-value="${String(round4(bar.value))}">
        <text class="chart-label" x="0" y="${y + 20}">${shorten(bar.label)}</text>
        <rect class="bar ${bar.tone ?? ""}" x="0" y="${y + 28}" width="${width}" height="24" rx="3" />
        ${
          marker === null
            ? ""
            : html`<line class="marker" x1="${marker}" x2="${marker}" y1="${y + 24}" y2="${y + 56}" />`
        }
        <text class="chart-value" x="${valueAt}" y="${y + 47}">${bar.text}</text>
      </g>`;
    })}
  </svg>`;
}

// ---- The page ----

const facilityLabel = (row: Facility) => row.facilityName ?? row.facilityId;

function facilityCell(row: Facility): SafeHtml {
  return html`<th scope="row">
    <span class="mono">${row.facilityId}</span>${
      row.facilityName ? html`<br /><span class="hint">${row.facilityName}</span>` : ""
    }
  </th>`;
}

function csvLink(frame: ConsoleFrame, report: KpiReportView, figure: keyof KpiMessages["figures"]): SafeHtml {
  const m = kpiMessages(frame.lang);
  const query = new URLSearchParams({ from: report.period.from, to: report.period.to, lang: frame.lang });
  return html`<a
    class="button secondary"
    href="${KPI_PATH}/${figure}.csv?${query.toString()}"
    download="${figure}-${report.period.from}-${report.period.to}.csv"
    aria-label="${m.downloadCsvOf(m.figures[figure])}"
    data-csv="${figure}"
    >${m.downloadCsv}</a
  >`;
}

type FigureName = keyof KpiMessages["figures"];

/** What a figure's description writes with: the page language, its messages and its column names. */
interface FigureContext {
  lang: Lang;
  m: KpiMessages;
  c: KpiMessages["columns"];
}

/**
 * One figure of the dashboard as data: its rows and province total in the report, the bars of its chart,
 * and its table (columns, each row's key, heading cell and cells, the province row's cells). Every card is
 * drawn from one of these by {@link figureCard}.
 */
interface FigureDescription<Row, Total> {
  figure: FigureName;
  explain: (x: FigureContext, report: KpiReportView) => string;
  rows: (report: KpiReportView) => readonly Row[];
  bars: (x: FigureContext, report: KpiReportView) => Bar[];
  /** The chart's full scale (1 for a rate); else its largest bar. */
  max?: number;
  columns: (c: KpiMessages["columns"]) => (string | undefined)[];
  rowKey: (row: Row) => string;
  /** The row's heading cell; a facility's id and name unless said otherwise. */
  rowHead?: (row: Row, x: FigureContext) => SafeHtml;
  cells: (row: Row, x: FigureContext) => HtmlValue;
  total: (report: KpiReportView) => Total;
  totalCells: (total: Total, x: FigureContext) => HtmlValue;
}

/** A figure's card: heading, what it counts, chart and table side by side, the CSV link. */
function figureCard<Row, Total>(
  frame: ConsoleFrame,
  report: KpiReportView,
  d: FigureDescription<Row, Total>,
): SafeHtml {
  const m = kpiMessages(frame.lang);
  const x: FigureContext = { lang: frame.lang, m, c: m.columns };
  const name = m.figures[d.figure];
  const rows = d.rows(report);
  const head = d.rowHead ?? ((row: Row) => facilityCell(row as Facility));
  return html`<section class="card kpi" aria-labelledby="kpi-${d.figure}" data-figure="${d.figure}">
    <h2 id="kpi-${d.figure}">${name}</h2>
    <p class="hint">${d.explain(x, report)}</p>
    ${
      rows.length === 0
        ? html`<p data-empty>${m.nothing}</p>`
        : html`<div class="kpi-figure">
            <div class="kpi-chart">
              ${barChart(`chart-${d.figure}`, m.chartOf(name), d.bars(x, report), d.max)}
            </div>
            <div class="table-wrap kpi-table" tabindex="0" role="region" aria-label="${m.tableOf(name)}">
              ${table(
                m.tableOf(name),
                d.columns(x.c).map((column) => column ?? ""),
                rows.map(
                  (row) =>
                    html`<tr data-row="${d.rowKey(row)}">
                      ${head(row, x)}${d.cells(row, x)}
                    </tr>`,
                ),
                html`<tr data-row="province">
                  <th scope="row">${m.province}</th>
                  ${d.totalCells(d.total(report), x)}
                </tr>`,
              )}
            </div>
          </div>`
    }
    <p>${csvLink(frame, report, d.figure)}</p>
  </section>`;
}

function table(
  caption: string,
  head: readonly string[],
  body: readonly SafeHtml[],
  foot: SafeHtml,
): SafeHtml {
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${head.map((label) => html`<th scope="col">${label}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
    <tfoot>
      ${foot}
    </tfoot>
  </table>`;
}

/** Integer cells of `values`, in order. */
const integers = (lang: Lang, values: readonly number[]) => values.map((value) => integerCell(lang, value));
const blanks = (count: number) => Array.from({ length: count }, () => html`<td></td>`);

type Report = KpiReportView;
type YieldRow = Report["cuttingYield"]["rows"][number];
type LineRow = Report["sewingOutput"]["lines"][number];

const eventCells = (row: EventCounts, { lang }: FigureContext) =>
  integers(lang, [row.fabricLots, row.cuttings, row.sewings, row.shipments, row.transfers, row.total]);

const EVENTS: FigureDescription<Report["events"]["rows"][number], EventCounts> = {
  figure: "events",
  explain: ({ m }) => m.explain.events,
  rows: (report) => report.events.rows,
  bars: ({ lang }, report) =>
    report.events.rows.map((row) => ({
      label: facilityLabel(row),
      value: row.total,
      text: formatInteger(lang, row.total),
    })),
  columns: (c) => [c.facilityId, c.fabricLots, c.cuttings, c.sewings, c.shipments, c.transfers, c.total],
  rowKey: (row) => row.facilityId,
  cells: eventCells,
  total: (report) => report.events.province,
  totalCells: eventCells,
};

const GARMENTS: FigureDescription<Report["garments"]["rows"][number], Report["garments"]["province"]> = {
  figure: "garments",
  explain: ({ m }) => m.explain.garments,
  rows: (report) => report.garments.rows,
  bars: ({ lang }, report) =>
    report.garments.rows.map((row) => ({
      label: facilityLabel(row),
      value: row.garments,
      text: formatInteger(lang, row.garments),
    })),
  columns: (c) => [c.facilityId, c.batches, c.garments],
  rowKey: (row) => row.facilityId,
  cells: (row, { lang }) => integers(lang, [row.batches, row.garments]),
  total: (report) => report.garments.province,
  totalCells: (total, { lang }) => integers(lang, [total.batches, total.garments]),
};

const yieldLabel = (row: YieldRow, m: KpiMessages) =>
  [row.style ?? m.noStyle, row.equipmentId].filter(Boolean).join(" · ");

const CUTTING_YIELD: FigureDescription<YieldRow, Report["cuttingYield"]["province"]> = {
  figure: "cutting-yield",
  explain: ({ m }) => m.explain["cutting-yield"],
  rows: (report) => report.cuttingYield.rows,
  bars: ({ lang, m }, report) =>
    report.cuttingYield.rows
      .filter((row) => row.piecesPerMetre !== null)
      .map((row) => ({
        label: yieldLabel(row, m),
        value: row.piecesPerMetre!,
        text: formatDecimal(lang, row.piecesPerMetre!),
        marker: row.baseline,
        tone: row.difference !== null && row.difference < 0 ? "bad" : "ok",
      })),
  columns: (c) => [
    c.facilityId,
    c.style,
    c.equipmentId,
    c.cuttings,
    c.metres,
    c.pieces,
    c.piecesPerMetre,
    c.baseline,
    c.difference,
  ],
  rowKey: (row) => `${row.facilityId}|${row.style ?? ""}|${row.equipmentId ?? ""}`,
  cells: (row, { lang, m }) =>
    html`<td>${row.style ?? m.noStyle}</td>
      <td class="mono">${row.equipmentId ?? ""}</td>
      ${integerCell(lang, row.cuttings)}${decimalCell(lang, row.metres)}${integerCell(lang, row.pieces)}
      ${decimalCell(lang, row.piecesPerMetre)}
      ${
        row.baseline === null
          ? html`<td class="num" data-value="">–</td>`
          : html`<td class="num" data-value="${String(round4(row.baseline))}">
              ${formatDecimal(lang, row.baseline)}
              <span class="hint">(${m.baselineKinds[row.baselineKind ?? ""] ?? ""})</span>
            </td>`
      }
      ${percentCell(lang, row.difference, true)}`,
  total: (report) => report.cuttingYield.province,
  totalCells: (total, { lang }) =>
    html`${blanks(3)}${decimalCell(lang, total.metres)}${integerCell(lang, total.pieces)}
    ${decimalCell(lang, total.piecesPerMetre)}${blanks(2)}`,
};

const lineName = (row: LineRow, m: KpiMessages) => row.lineId ?? m.noLine;

const SEWING_OUTPUT: FigureDescription<LineRow, Report["sewingOutput"]["province"]> = {
  figure: "sewing-output",
  explain: ({ m }) => m.explain["sewing-output"],
  rows: (report) => report.sewingOutput.lines,
  bars: ({ lang, m }, report) =>
    report.sewingOutput.lines.map((row) => ({
      label: `${facilityLabel(row)} · ${lineName(row, m)}`,
      value: row.perDay,
      text: formatDecimal(lang, row.perDay, 0),
    })),
  columns: (c) => [c.facilityId, c.lineId, c.days, c.garments, c.perDay, c.bestDay],
  rowKey: (row) => `${row.facilityId}|${row.lineId ?? ""}`,
  cells: (row, { lang, m }) =>
    html`<td class="${row.lineId ? "mono" : ""}">${lineName(row, m)}</td>
      ${integerCell(lang, row.days)}${integerCell(lang, row.garments)}${decimalCell(lang, row.perDay)}
      <td>${row.bestDay ? `${row.bestDay.day}: ${formatInteger(lang, row.bestDay.garments)}` : ""}</td>`,
  total: (report) => report.sewingOutput.province,
  totalCells: (total, { lang }) =>
    html`${blanks(1)}${integerCell(lang, total.days)}${integerCell(lang, total.garments)}
    ${decimalCell(lang, total.perDay)}${blanks(1)}`,
};

const onTimeCells = (row: OnTime, { lang }: FigureContext) => [
  ...integers(lang, [row.arrived, row.onTime, row.late, row.pending]),
  percentCell(lang, row.rate),
];

const LOTS_ON_TIME: FigureDescription<Report["lotsOnTime"]["rows"][number], OnTime> = {
  figure: "lots-on-time",
  explain: ({ m }, report) => m.explain["lots-on-time"](report.lotsOnTime.allowanceDays),
  rows: (report) => report.lotsOnTime.rows,
  bars: ({ lang }, report) =>
    report.lotsOnTime.rows
      .filter((row) => row.rate !== null)
      .map((row) => ({
        label: facilityLabel(row),
        value: row.rate!,
        text: formatPercent(lang, row.rate!),
        tone: row.rate! < 0.8 ? "bad" : "ok",
      })),
  max: 1,
  columns: (c) => [c.facilityId, c.arrived, c.onTime, c.late, c.pending, c.rate],
  rowKey: (row) => row.facilityId,
  cells: onTimeCells,
  total: (report) => report.lotsOnTime.province,
  totalCells: onTimeCells,
};

const passCells = (row: PassCounts, { lang }: FigureContext) => [
  ...integers(lang, [
    row.assessed,
    row.originating,
    row.notOriginating,
    row.insufficientData,
    row.provisional,
  ]),
  percentCell(lang, row.rate),
];

const ORIGIN_PASS_RATE: FigureDescription<Report["originPassRate"]["rows"][number], PassCounts> = {
  figure: "origin-pass-rate",
  explain: ({ m }) => m.explain["origin-pass-rate"],
  rows: (report) => report.originPassRate.rows,
  bars: ({ lang }, report) =>
    report.originPassRate.rows.map((row) => ({
      label: row.fta,
      value: row.rate ?? 0,
      text: row.rate === null ? "–" : formatPercent(lang, row.rate),
    })),
  max: 1,
  columns: (c) => [
    c.fta,
    c.assessed,
    c.originating,
    c.notOriginating,
    c.insufficientData,
    c.provisional,
    c.rate,
  ],
  rowKey: (row) => row.fta,
  rowHead: (row) => html`<th scope="row">${row.fta}</th>`,
  cells: passCells,
  total: (report) => report.originPassRate.province,
  totalCells: passCells,
};

const CERTIFICATES: FigureDescription<
  Report["certificates"]["rows"][number],
  Report["certificates"]["province"]
> = {
  figure: "certificates",
  explain: ({ m }) => m.explain.certificates,
  rows: (report) => report.certificates.rows,
  bars: ({ lang, c }, report) =>
    report.certificates.byAgreement.flatMap((row) => [
      { label: `${row.fta} · ${c.issued}`, value: row.issued, text: formatInteger(lang, row.issued) },
      {
        label: `${row.fta} · ${c.revoked}`,
        value: row.revoked,
        text: formatInteger(lang, row.revoked),
        tone: "bad" as const,
      },
    ]),
  columns: (c) => [c.facilityId, c.fta, c.issued, c.revoked],
  rowKey: (row) => `${row.facilityId}|${row.fta}`,
  cells: (row, { lang }) =>
    html`<td>${row.fta}</td>
      ${integers(lang, [row.issued, row.revoked])}`,
  total: (report) => report.certificates.province,
  totalCells: (total, { lang }) => html`${blanks(1)}${integers(lang, [total.issued, total.revoked])}`,
};

const scanCells = (row: Report["scans"]["province"], { lang }: FigureContext) =>
  integers(lang, [row.scans, row.garments, row.warned]);

const SCANS: FigureDescription<Report["scans"]["rows"][number], Report["scans"]["province"]> = {
  figure: "scans",
  explain: ({ m }) => m.explain.scans,
  rows: (report) => report.scans.rows,
  bars: ({ lang, c }, report) =>
    report.scans.rows.flatMap((row) => [
      {
        label: `${facilityLabel(row)} · ${c.scans}`,
        value: row.scans,
        text: formatInteger(lang, row.scans),
      },
      {
        label: `${facilityLabel(row)} · ${c.warned}`,
        value: row.warned,
        text: formatInteger(lang, row.warned),
        tone: "bad" as const,
      },
    ]),
  columns: (c) => [c.facilityId, c.scans, c.scannedGarments, c.warned],
  rowKey: (row) => row.facilityId,
  cells: scanCells,
  total: (report) => report.scans.province,
  totalCells: scanCells,
};

/** The dashboard's figures, in the order shown. */
const figureCards = (frame: ConsoleFrame, report: KpiReportView) => [
  figureCard(frame, report, EVENTS),
  figureCard(frame, report, GARMENTS),
  figureCard(frame, report, CUTTING_YIELD),
  figureCard(frame, report, SEWING_OUTPUT),
  figureCard(frame, report, LOTS_ON_TIME),
  figureCard(frame, report, ORIGIN_PASS_RATE),
  figureCard(frame, report, CERTIFICATES),
  figureCard(frame, report, SCANS),
];

/** A period field's message in the page's language. */
const periodMessage = (message: string, lang: Lang) =>
  (lang === "vi" ? kpiFieldMessageVi(message) : null) ?? fieldMessage(message, lang);

/** The summary above a refused period: each bad field by its label. */
function periodProblems(frame: ConsoleFrame, state: FormState): HtmlValue {
  if (state.fields.length === 0) return "";
  const m = kpiMessages(frame.lang);
  return html`<div class="problem" role="alert">
    <strong>${m.periodProblems}</strong>
    <ul>
      ${state.fields.map(
        (problem) =>
          html`<li data-problem="${problem.path}">
            ${problem.path === "to" ? m.to : problem.path === "from" ? m.from : problem.path}:
            ${periodMessage(problem.message, frame.lang)}
          </li>`,
      )}
    </ul>
  </div>`;
}

/** A date input of the period form, with the field's error tied to it. */
function dateField(frame: ConsoleFrame, state: FormState, name: "from" | "to", label: string): SafeHtml {
  const id = `period-${name}`;
  const problems = state.fields.filter((problem) => problem.path === name);
  const raw = state.values[name];
  const value = Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? "");
  return html`<div class="field">
    <label for="${id}">${label}</label>
    ${
      problems.length > 0
        ? html`<span class="field-error" id="${id}-error" data-field-error="${name}"
            >${problems.map((problem) => periodMessage(problem.message, frame.lang)).join("; ")}</span
          >`
        : ""
    }
    <input
      id="${id}"
      name="${name}"
      type="date"
      value="${value}"
      ${problems.length > 0 ? trustedHtml(`aria-invalid="true" aria-describedby="${id}-error"`) : ""}
    />
  </div>`;
}

export function renderKpiPage(frame: ConsoleFrame, model: KpiPageModel): string {
  const m = kpiMessages(frame.lang);
  const { report } = model;
  const body = html`<h1>${m.title}</h1>
    <p>${m.intro}</p>
    <section class="card" aria-labelledby="kpi-period">
      <h2 id="kpi-period">${m.period}</h2>
      ${periodProblems(frame, model.form)}
      <form class="inline-form" method="get" action="${KPI_PATH}" data-form="kpi-period">
        <input type="hidden" name="lang" value="${frame.lang}" />
        ${dateField(frame, model.form, "from", m.from)} ${dateField(frame, model.form, "to", m.to)}
        <div><button class="button" type="submit">${m.show}</button></div>
      </form>
      <p class="hint">${m.periodHint(model.maxDays)}</p>
      <ul class="links presets" aria-label="${m.presets}">
        ${model.presets.map(
          (preset) =>
            html`<li>
              <a
                class="button secondary"
                href="${KPI_PATH}?${new URLSearchParams({ from: preset.from, to: preset.to, lang: frame.lang }).toString()}"
                data-preset="${preset.days}"
                >${m.lastDays(preset.days)}</a
              >
            </li>`,
        )}
      </ul>
      ${
        report
          ? html`<p data-period="${report.period.from}/${report.period.to}">
              <strong>${m.shownPeriod(report.period.from, report.period.to, report.period.days)}</strong>
            </p>`
          : ""
      }
    </section>
    ${report ? figureCards(frame, report) : ""}`;
  return consoleLayout(frame, { title: m.title, body, section: KPI_PATH });
}
