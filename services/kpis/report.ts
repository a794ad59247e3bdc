/**
 * The programme operator's figures over a period, per facility and for the province: events recorded,
 * garments committed, cutting yield, sewing output per line per day, lots consumed on time, origin pass rate
 * per agreement, certificates issued and revoked, scans and clone warnings. The read model, the register of
 * stored assessments and the scan counter give aggregated rows (services/read-model/kpis.ts, …); this module
 * puts them together and works out the rates. Nothing here reads a record from IPFS or the chain.
 */
import type { IndexDatabase } from "../read-model/database";
import {
  kpiCertificates,
  kpiCuttings,
  kpiEventCounts,
  kpiGarmentsCommitted,
  kpiLotFacility,
  kpiLotsOnTime,
  kpiSewingDays,
  kpiStyleHistory,
} from "../read-model/kpis";
import type { FacilityRef, SewingDayRow } from "../read-model/kpis";
import type { ServiceDatabase } from "../service-db/database";
import { tallyAssessments } from "../service-db/assessment-register";
import type { AssessmentTally } from "../service-db/assessment-register";
import type { ScanActivity, ScanCounter } from "../service-db/scan-counter";
import type { WorkerPool } from "../support/worker-pool";
import type { KpiPeriodDays } from "./period";

/**
 * Lots consumed on time. A lot (fabric received or woven, cut bundles, a garment batch, or what a transfer
 * handed over; never an export) is due {@link LOT_ALLOWANCE_DAYS} days after it arrived at the facility that
 * holds it (its event's `occurredAt`). It is on time when its first use — cut, sewn, shipped or handed on,
 * whichever comes first, by the using event's `occurredAt` — came within that allowance; late when the use
 * came later, or when it is still unused and the allowance has run out; pending while it is unused and still
 * has time. Counted in the period the lot arrived in, per holding facility; the rate is on time / (on time +
 * late), pending lots left out.
 */
export const LOT_ALLOWANCE_DAYS = 7;

export interface KpiDeps {
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  scans: Pick<ScanCounter, "activity">;
}

export interface EventsFigure {
  rows: (FacilityRef & EventTotals)[];
  province: EventTotals;
}

export interface EventTotals {
  fabricLots: number;
  cuttings: number;
  sewings: number;
  shipments: number;
  transfers: number;
  total: number;
}

export interface GarmentsFigure {
  rows: (FacilityRef & { batches: number; garments: number })[];
  province: { batches: number; garments: number };
}

export interface YieldRow extends FacilityRef {
  style: string | null;
  equipmentId: string | null;
  cuttings: number;
  pieces: number;
  metres: number;
  /** Pieces per metre (of the cuttings whose fabric was counted in metres), null without any. */
  piecesPerMetre: number | null;
  /** What the yield is held against: the style's yield before the period, else the facility's in it. */
  baseline: number | null;
  baselineKind: "style" | "facility" | null;
  /** piecesPerMetre / baseline − 1: +0.05 is 5 % more pieces per metre than the baseline. */
  difference: number | null;
}

export interface YieldFigure {
  rows: YieldRow[];
  province: { pieces: number; metres: number; piecesPerMetre: number | null };
}

export interface LineOutput extends FacilityRef {
  lineId: string | null;
  /** Days with at least one sewing. */
  days: number;
  garments: number;
  /** Garments per day sewn. */
  perDay: number;
  bestDay: { day: string; garments: number } | null;
}

export interface SewingFigure {
  lines: LineOutput[];
  /** Per facility, line and day: the rows behind `lines`. */
  days: SewingDayRow[];
  province: { garments: number; days: number; perDay: number | null };
}

export interface OnTimeCounts {
  arrived: number;
  onTime: number;
  late: number;
  pending: number;
  /** onTime / (onTime + late), null when none is decided. */
  rate: number | null;
}

export interface OnTimeFigure {
  allowanceDays: number;
  rows: (FacilityRef & OnTimeCounts)[];
  province: OnTimeCounts;
}

export interface PassCounts {
  assessed: number;
  originating: number;
  notOriginating: number;
  insufficientData: number;
  /** Of the originating ones, those under a provisional rule table (never certified). */
  provisional: number;
  /** originating / assessed, null when none was assessed. */
  rate: number | null;
}

export interface PassRateFigure {
  /** Per agreement, the province's. */
  rows: ({ fta: string } & PassCounts)[];
  /** Per agreement and the facility that recorded the subject. */
  byFacility: ({ fta: string } & FacilityRef & PassCounts)[];
  province: PassCounts;
}

export interface CertificatesFigure {
  rows: (FacilityRef & { fta: string; issued: number; revoked: number })[];
  byAgreement: { fta: string; issued: number; revoked: number }[];
  province: { issued: number; revoked: number };
}

export interface ScansFigure {
  rows: (FacilityRef & { scans: number; garments: number; warned: number })[];
  province: { scans: number; garments: number; warned: number };
}

export interface KpiReport {
  period: { from: string; to: string; days: number };
  events: EventsFigure;
  garments: GarmentsFigure;
  cuttingYield: YieldFigure;
  sewingOutput: SewingFigure;
  lotsOnTime: OnTimeFigure;
  originPassRate: PassRateFigure;
  certificates: CertificatesFigure;
  scans: ScansFigure;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const sum = <T>(rows: readonly T[], value: (row: T) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/** Groups rows by a key, in first-seen order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const OPERATION_FIELD: Record<string, keyof Omit<EventTotals, "total">> = {
  "fabric-lot": "fabricLots",
  cutting: "cuttings",
  sewing: "sewings",
  shipment: "shipments",
  transfer: "transfers",
};

const noEvents = (): EventTotals => ({
  fabricLots: 0,
  cuttings: 0,
  sewings: 0,
  shipments: 0,
  transfers: 0,
  total: 0,
});

function eventsFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays): EventsFigure {
  const counts = kpiEventCounts(deps.indexDb, { from: period.fromInstant, to: period.toInstant });
  const province = noEvents();
  const rows = [...groupBy(counts, (row) => row.facilityId).values()].map((group) => {
    const totals = noEvents();
    for (const row of group) {
      const field = OPERATION_FIELD[row.operation];
      if (field) {
        totals[field] += row.events;
        province[field] += row.events;
      }
      totals.total += row.events;
      province.total += row.events;
    }
    return { facilityId: group[0]!.facilityId, facilityName: group[0]!.facilityName, ...totals };
  });
  return { rows, province };
}

function garmentsFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays): GarmentsFigure {
  const rows = kpiGarmentsCommitted(deps.indexDb, { from: period.fromInstant, to: period.toInstant });
  return {
    rows,
    province: { batches: sum(rows, (r) => r.batches), garments: sum(rows, (r) => r.garments) },
  };
}

/**
 * Cutting yield: pieces per metre of fabric, per facility, style and cutting table. Each row is held against
 * its style's yield in every cutting of that style before the period (at any facility) when there is one,
 * else against its facility's yield over all its cuttings in the period. Cuttings from fabric counted in kg
 * count as pieces but give no yield.
 */
function yieldFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays): YieldFigure {
  const rows = kpiCuttings(deps.indexDb, { from: period.fromInstant, to: period.toInstant });
  const history = new Map(
    kpiStyleHistory(deps.indexDb, period.fromInstant).map((row) => [row.style, row.pieces / row.metres]),
  );
  const facilityYield = new Map(
    [...groupBy(rows, (row) => row.facilityId)].map(([facility, group]) => [
      facility,
      ratio(
        sum(group, (r) => r.piecesFromMetres),
        sum(group, (r) => r.metres),
      ),
    ]),
  );
  const withYield = rows.map((row): YieldRow => {
    const piecesPerMetre = ratio(row.piecesFromMetres, row.metres);
    const styleBaseline = row.style === null ? undefined : history.get(row.style);
    const baseline = styleBaseline ?? facilityYield.get(row.facilityId) ?? null;
    return {
      facilityId: row.facilityId,
      facilityName: row.facilityName,
      style: row.style,
      equipmentId: row.equipmentId,
      cuttings: row.cuttings,
      pieces: row.pieces,
      metres: row.metres,
      piecesPerMetre,
      baseline,
      baselineKind: baseline === null ? null : styleBaseline !== undefined ? "style" : "facility",
      difference: piecesPerMetre !== null && baseline ? piecesPerMetre / baseline - 1 : null,
    };
  });
  const metres = sum(rows, (r) => r.metres);
  return {
    rows: withYield,
    province: {
      pieces: sum(rows, (r) => r.pieces),
      metres,
      piecesPerMetre: ratio(
        sum(rows, (r) => r.piecesFromMetres),
        metres,
      ),
    },
  };
}

/** Sewing output per line per day: garments sewn on the days a line sewed, and its best day. */
function sewingFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays): SewingFigure {
  const days = kpiSewingDays(deps.indexDb, { from: period.fromInstant, to: period.toInstant });
  const lines = [...groupBy(days, (row) => `${row.facilityId}\u0000${row.lineId ?? ""}`).values()].map(
    (group): LineOutput => {
      const garments = sum(group, (r) => r.garments);
      const best = group.reduce((top, row) => (row.garments > top.garments ? row : top), group[0]!);
      return {
        facilityId: group[0]!.facilityId,
        facilityName: group[0]!.facilityName,
        lineId: group[0]!.lineId,
        days: group.length,
        garments,
        perDay: garments / group.length,
        bestDay: { day: best.day, garments: best.garments },
      };
    },
  );
  const garments = sum(days, (r) => r.garments);
  const distinctDays = new Set(days.map((r) => r.day)).size;
  return {
    lines,
    days,
    province: { garments, days: distinctDays, perDay: ratio(garments, distinctDays) },
  };
}

function onTimeFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays, now: Date): OnTimeFigure {
  const rows = kpiLotsOnTime(
    deps.indexDb,
    { from: period.fromInstant, to: period.toInstant },
    LOT_ALLOWANCE_DAYS,
    now.toISOString(),
  ).map((row) => ({ ...row, rate: ratio(row.onTime, row.onTime + row.late) }));
  const onTime = sum(rows, (r) => r.onTime);
  const late = sum(rows, (r) => r.late);
  return {
    allowanceDays: LOT_ALLOWANCE_DAYS,
    rows,
    province: {
      arrived: sum(rows, (r) => r.arrived),
      onTime,
      late,
      pending: sum(rows, (r) => r.pending),
      rate: ratio(onTime, onTime + late),
    },
  };
}

function passCounts(rows: readonly { status: string; provisional: boolean; assessments: number }[]) {
  const count = (test: (row: (typeof rows)[number]) => boolean) =>
    sum(rows.filter(test), (r) => r.assessments);
  const assessed = count(() => true);
  const originating = count((r) => r.status === "originating");
  return {
    assessed,
    originating,
    notOriginating: count((r) => r.status === "not-originating"),
    insufficientData: count((r) => r.status === "insufficient-data"),
    provisional: count((r) => r.status === "originating" && r.provisional),
    rate: ratio(originating, assessed),
  };
}

/** Origin pass rate: the stored assessments made in the period, per agreement, that found the goods originating. */
function passRateFigure(deps: Pick<KpiDeps, "indexDb">, tallies: readonly AssessmentTally[]): PassRateFigure {
  const facilities = new Map<string, FacilityRef>();
  const facilityOf = (subjectId: string): FacilityRef => {
    let found = facilities.get(subjectId);
    if (!found) {
      found = kpiLotFacility(deps.indexDb, subjectId) ?? { facilityId: subjectId, facilityName: null };
      facilities.set(subjectId, found);
    }
    return found;
  };
  const located = tallies.map((row) => ({ ...row, ...facilityOf(row.subjectId) }));
  const byAgreement = groupBy(located, (row) => row.fta);
  return {
    rows: [...byAgreement].map(([fta, group]) => ({ fta, ...passCounts(group) })),
    byFacility: [...byAgreement].flatMap(([fta, group]) =>
      [...groupBy(group, (row) => row.facilityId).values()].map((rows) => ({
        fta,
        facilityId: rows[0]!.facilityId,
        facilityName: rows[0]!.facilityName,
        ...passCounts(rows),
      })),
    ),
    province: passCounts(located),
  };
}

function certificatesFigure(deps: Pick<KpiDeps, "indexDb">, period: KpiPeriodDays): CertificatesFigure {
  const rows = kpiCertificates(deps.indexDb, { from: period.fromInstant, to: period.toInstant });
  return {
    rows,
    byAgreement: [...groupBy(rows, (row) => row.fta)].map(([fta, group]) => ({
      fta,
      issued: sum(group, (r) => r.issued),
      revoked: sum(group, (r) => r.revoked),
    })),
    province: { issued: sum(rows, (r) => r.issued), revoked: sum(rows, (r) => r.revoked) },
  };
}

/** Scans of genuine garments and clone warnings, per facility that sewed the batch. */
function scansFigure(deps: Pick<KpiDeps, "indexDb">, activity: readonly ScanActivity[]): ScansFigure {
  const located = activity.map((row) => ({
    ...row,
    ...(kpiLotFacility(deps.indexDb, row.lotId) ?? { facilityId: row.lotId, facilityName: null }),
  }));
  const rows = [...groupBy(located, (row) => row.facilityId).values()].map((group) => ({
    facilityId: group[0]!.facilityId,
    facilityName: group[0]!.facilityName,
    scans: sum(group, (r) => r.scans),
    garments: sum(group, (r) => r.garments),
    warned: sum(group, (r) => r.warned),
  }));
  return {
    rows,
    province: {
      scans: sum(rows, (r) => r.scans),
      garments: sum(rows, (r) => r.garments),
      warned: sum(rows, (r) => r.warned),
    },
  };
}

/**
 * What the report takes from outside the read model: the stored assessments and the scans of the period
 * (two aggregated queries of their own databases).
 */
export interface KpiInputs {
  tallies: AssessmentTally[];
  activity: ScanActivity[];
}

function inputsOf(deps: KpiDeps, period: KpiPeriodDays): KpiInputs {
  return {
    tallies: tallyAssessments(deps.serviceDb, period.fromInstant, period.toInstant),
    activity: deps.scans.activity(Date.parse(period.fromInstant), Date.parse(period.toInstant)),
  };
}

/** Every figure of the period from the read model and the assessments and scans given. */
export function reportOf(
  indexDb: IndexDatabase,
  period: KpiPeriodDays,
  inputs: KpiInputs,
  now: Date,
): KpiReport {
  const deps = { indexDb };
  return {
    period: { from: period.from, to: period.to, days: period.days },
    events: eventsFigure(deps, period),
    garments: garmentsFigure(deps, period),
    cuttingYield: yieldFigure(deps, period),
    sewingOutput: sewingFigure(deps, period),
    lotsOnTime: onTimeFigure(deps, period, now),
    originPassRate: passRateFigure(deps, inputs.tallies),
    certificates: certificatesFigure(deps, period),
    scans: scansFigure(deps, inputs.activity),
  };
}

/**
 * Every figure of the period.
 *
 * @example
 * const report = computeKpis({ indexDb, serviceDb, scans }, parsePeriod({ from: "2026-09-01", to: "2026-10-31" }));
 * report.garments.province.garments; // 3400 for the demo
 */
export function computeKpis(deps: KpiDeps, period: KpiPeriodDays, now: Date = new Date()): KpiReport {
  return reportOf(deps.indexDb, period, inputsOf(deps, period), now);
}

/** Computes {@link reportOf} elsewhere (a worker thread: services/kpis/tasks.ts). */
export type KpiReportRunner = (period: KpiPeriodDays, inputs: KpiInputs, now: Date) => Promise<KpiReport>;

/**
 * Every figure of the period, the same as {@link computeKpis}, with the read model's work in `runner` (a
 * worker thread with its own read-only connection, so that a year over 100,000 lots does not hold the event
 * loop for seconds); only the two queries of the assessments and the scans run here. Without a runner, all
 * here.
 */
export async function computeKpisOffThread(
  deps: KpiDeps,
  period: KpiPeriodDays,
  runner: KpiReportRunner | undefined,
  now: Date = new Date(),
): Promise<KpiReport> {
  if (!runner) return computeKpis(deps, period, now);
  return runner(period, inputsOf(deps, period), now);
}

/** {@link reportOf} by the `kpiReport` task of services/kpis/tasks.ts in `workers`, on the read model at `indexPath`. */
export function workerReportRunner(workers: Pick<WorkerPool, "run">, indexPath: string): KpiReportRunner {
  return (period, inputs, now) =>
    workers.run<KpiReport>("kpiReport", { indexPath, period, inputs, now: now.toISOString() });
}
