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

function csvLink(frame: ConsoleFrame, report: KpiReportView, figure: keyof KpiMessages["figures"]) {
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

/** One figure's card: heading, what it counts, chart and table side by side, the CSV link. */
function figureCard(
  frame: ConsoleFrame,
  report: KpiReportView,
  figure: keyof KpiMessages["figures"],
  parts: { explain: string; empty: boolean; chart: HtmlValue; table: SafeHtml },
): SafeHtml {
  const m = kpiMessages(frame.lang);
  return html`<section class="card kpi" aria-labelledby="kpi-${figure}" data-figure="${figure}">
    <h2 id="kpi-${figure}">${m.figures[figure]}</h2>
    <p class="hint">${parts.explain}</p>
    ${
      parts.empty
        ? html`<p data-empty>${m.nothing}</p>`
        : html`<div class="kpi-figure">
            <div class="kpi-chart">${parts.chart}</div>
            <div
              class="table-wrap kpi-table"
              tabindex="0"
              role="region"
              aria-label="${m.tableOf(m.figures[figure])}"
            >
              ${parts.table}
            </div>
          </div>`
    }
    <p>${csvLink(frame, report, figure)}</p>
  </section>`;
}

function table(
  caption: string,
  head: readonly string[],
  body: readonly SafeHtml[],
  foot?: SafeHtml,
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
    ${
      foot
        ? html`<tfoot>
            ${foot}
          </tfoot>`
        : ""
    }
  </table>`;
}

function eventsCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province } = report.events;
  const cells = (row: EventCounts) =>
    html`${integerCell(lang, row.fabricLots)}${integerCell(lang, row.cuttings)}${integerCell(lang, row.sewings)}${integerCell(lang, row.shipments)}${integerCell(lang, row.transfers)}${integerCell(lang, row.total)}`;
  return figureCard(frame, report, "events", {
    explain: m.explain.events,
    empty: rows.length === 0,
    chart: barChart(
      "chart-events",
      m.chartOf(m.figures.events),
      rows.map((row) => ({
        label: facilityLabel(row),
        value: row.total,
        text: formatInteger(lang, row.total),
      })),
    ),
    table: table(
      m.tableOf(m.figures.events),
      [c.facilityId!, c.fabricLots!, c.cuttings!, c.sewings!, c.shipments!, c.transfers!, c.total!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}">
            ${facilityCell(row)}${cells(row)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        ${cells(province)}
      </tr>`,
    ),
  });
}

function garmentsCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province } = report.garments;
  return figureCard(frame, report, "garments", {
    explain: m.explain.garments,
    empty: rows.length === 0,
    chart: barChart(
      "chart-garments",
      m.chartOf(m.figures.garments),
      rows.map((row) => ({
        label: facilityLabel(row),
        value: row.garments,
        text: formatInteger(lang, row.garments),
      })),
    ),
    table: table(
      m.tableOf(m.figures.garments),
      [c.facilityId!, c.batches!, c.garments!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}">
            ${facilityCell(row)}${integerCell(lang, row.batches)}${integerCell(lang, row.garments)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        ${integerCell(lang, province.batches)}${integerCell(lang, province.garments)}
      </tr>`,
    ),
  });
}

function yieldCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province } = report.cuttingYield;
  const label = (row: (typeof rows)[number]) =>
    [row.style ?? m.noStyle, row.equipmentId].filter(Boolean).join(" · ");
  const withYield = rows.filter((row) => row.piecesPerMetre !== null);
  return figureCard(frame, report, "cutting-yield", {
    explain: m.explain["cutting-yield"],
    empty: rows.length === 0,
    chart: barChart(
      "chart-cutting-yield",
      m.chartOf(m.figures["cutting-yield"]),
      withYield.map((row) => ({
        label: label(row),
        value: row.piecesPerMetre!,
        text: formatDecimal(lang, row.piecesPerMetre!),
        marker: row.baseline,
        tone: row.difference !== null && row.difference < 0 ? "bad" : "ok",
      })),
    ),
    table: table(
      m.tableOf(m.figures["cutting-yield"]),
      [
        c.facilityId!,
        c.style!,
        c.equipmentId!,
        c.cuttings!,
        c.metres!,
        c.pieces!,
        c.piecesPerMetre!,
        c.baseline!,
        c.difference!,
      ],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}|${row.style ?? ""}|${row.equipmentId ?? ""}">
            ${facilityCell(row)}
            <td>${row.style ?? m.noStyle}</td>
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
            ${percentCell(lang, row.difference, true)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        <td></td>
        <td></td>
        <td></td>
        ${decimalCell(lang, province.metres)}${integerCell(lang, province.pieces)}
        ${decimalCell(lang, province.piecesPerMetre)}
        <td></td>
        <td></td>
      </tr>`,
    ),
  });
}

function sewingCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { lines, province } = report.sewingOutput;
  const lineName = (row: (typeof lines)[number]) => row.lineId ?? m.noLine;
  return figureCard(frame, report, "sewing-output", {
    explain: m.explain["sewing-output"],
    empty: lines.length === 0,
    chart: barChart(
      "chart-sewing-output",
      m.chartOf(m.figures["sewing-output"]),
      lines.map((row) => ({
        label: `${facilityLabel(row)} · ${lineName(row)}`,
        value: row.perDay,
        text: formatDecimal(lang, row.perDay, 0),
      })),
    ),
    table: table(
      m.tableOf(m.figures["sewing-output"]),
      [c.facilityId!, c.lineId!, c.days!, c.garments!, c.perDay!, c.bestDay!],
      lines.map(
        (row) =>
          html`<tr data-row="${row.facilityId}|${row.lineId ?? ""}">
            ${facilityCell(row)}
            <td class="${row.lineId ? "mono" : ""}">${lineName(row)}</td>
            ${integerCell(lang, row.days)}${integerCell(lang, row.garments)}${decimalCell(lang, row.perDay)}
            <td>${row.bestDay ? `${row.bestDay.day}: ${formatInteger(lang, row.bestDay.garments)}` : ""}</td>
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        <td></td>
        ${integerCell(lang, province.days)}${integerCell(lang, province.garments)}
        ${decimalCell(lang, province.perDay)}
        <td></td>
      </tr>`,
    ),
  });
}

function onTimeCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province, allowanceDays } = report.lotsOnTime;
  const cells = (row: OnTime) =>
    html`${integerCell(lang, row.arrived)}${integerCell(lang, row.onTime)}${integerCell(lang, row.late)}${integerCell(lang, row.pending)}${percentCell(lang, row.rate)}`;
  return figureCard(frame, report, "lots-on-time", {
    explain: m.explain["lots-on-time"](allowanceDays),
    empty: rows.length === 0,
    chart: barChart(
      "chart-lots-on-time",
      m.chartOf(m.figures["lots-on-time"]),
      rows
        .filter((row) => row.rate !== null)
        .map((row) => ({
          label: facilityLabel(row),
          value: row.rate!,
          text: formatPercent(lang, row.rate!),
          tone: row.rate! < 0.8 ? "bad" : "ok",
        })),
      1,
    ),
    table: table(
      m.tableOf(m.figures["lots-on-time"]),
      [c.facilityId!, c.arrived!, c.onTime!, c.late!, c.pending!, c.rate!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}">
            ${facilityCell(row)}${cells(row)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        ${cells(province)}
      </tr>`,
    ),
  });
}

function passRateCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province } = report.originPassRate;
  const cells = (row: PassCounts) =>
    html`${integerCell(lang, row.assessed)}${integerCell(lang, row.originating)}${integerCell(lang, row.notOriginating)}${integerCell(lang, row.insufficientData)}${integerCell(lang, row.provisional)}${percentCell(lang, row.rate)}`;
  return figureCard(frame, report, "origin-pass-rate", {
    explain: m.explain["origin-pass-rate"],
    empty: rows.length === 0,
    chart: barChart(
      "chart-origin-pass-rate",
      m.chartOf(m.figures["origin-pass-rate"]),
      rows.map((row) => ({
        label: row.fta,
        value: row.rate ?? 0,
        text: row.rate === null ? "–" : formatPercent(lang, row.rate),
      })),
      1,
    ),
    table: table(
      m.tableOf(m.figures["origin-pass-rate"]),
      [c.fta!, c.assessed!, c.originating!, c.notOriginating!, c.insufficientData!, c.provisional!, c.rate!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.fta}">
            <th scope="row">${row.fta}</th>
            ${cells(row)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        ${cells(province)}
      </tr>`,
    ),
  });
}

function certificatesCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, byAgreement, province } = report.certificates;
  return figureCard(frame, report, "certificates", {
    explain: m.explain.certificates,
    empty: rows.length === 0,
    chart: barChart(
      "chart-certificates",
      m.chartOf(m.figures.certificates),
      byAgreement.flatMap((row) => [
        { label: `${row.fta} · ${c.issued}`, value: row.issued, text: formatInteger(lang, row.issued) },
        {
          label: `${row.fta} · ${c.revoked}`,
          value: row.revoked,
          text: formatInteger(lang, row.revoked),
          tone: "bad" as const,
        },
      ]),
    ),
    table: table(
      m.tableOf(m.figures.certificates),
      [c.facilityId!, c.fta!, c.issued!, c.revoked!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}|${row.fta}">
            ${facilityCell(row)}
            <td>${row.fta}</td>
            ${integerCell(lang, row.issued)}${integerCell(lang, row.revoked)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        <td></td>
        ${integerCell(lang, province.issued)}${integerCell(lang, province.revoked)}
      </tr>`,
    ),
  });
}

function scansCard(frame: ConsoleFrame, report: KpiReportView): SafeHtml {
  const { lang } = frame;
  const m = kpiMessages(lang);
  const c = m.columns;
  const { rows, province } = report.scans;
  const cells = (row: { scans: number; garments: number; warned: number }) =>
    html`${integerCell(lang, row.scans)}${integerCell(lang, row.garments)}${integerCell(lang, row.warned)}`;
  return figureCard(frame, report, "scans", {
    explain: m.explain.scans,
    empty: rows.length === 0,
    chart: barChart(
      "chart-scans",
      m.chartOf(m.figures.scans),
      rows.flatMap((row) => [
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
    ),
    table: table(
      m.tableOf(m.figures.scans),
      [c.facilityId!, c.scans!, c.scannedGarments!, c.warned!],
      rows.map(
        (row) =>
          html`<tr data-row="${row.facilityId}">
            ${facilityCell(row)}${cells(row)}
          </tr>`,
      ),
      html`<tr data-row="province">
        <th scope="row">${m.province}</th>
        ${cells(province)}
      </tr>`,
    ),
  });
}

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
    ${
      report
        ? [
            eventsCard(frame, report),
            garmentsCard(frame, report),
            yieldCard(frame, report),
            sewingCard(frame, report),
            onTimeCard(frame, report),
            passRateCard(frame, report),
            certificatesCard(frame, report),
            scansCard(frame, report),
          ]
        : ""
    }`;
  return consoleLayout(frame, { title: m.title, body, section: KPI_PATH });
}
