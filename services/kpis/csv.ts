/**
 * Each figure of the programme's report as CSV (RFC 4180, csv-stringify): one row per facility (or line and
 * day, or agreement) and the province's total, with a `scope` column saying which. Column headers are given
 * by the caller in the reader's language; the values are the report's, rates as fractions to four places.
 */
import { stringify } from "csv-stringify/sync";
import type { KpiReport } from "./report";

export const KPI_FIGURES = [
  "events",
  "garments",
  "cutting-yield",
  "sewing-output",
  "lots-on-time",
  "origin-pass-rate",
  "certificates",
  "scans",
] as const;
export type KpiFigure = (typeof KPI_FIGURES)[number];

type Cell = string | number | null;
type Row = Record<string, Cell>;

const fraction = (value: number | null) => (value === null ? null : Number(value.toFixed(4)));
const PROVINCE = { scope: "province", facilityId: null, facilityName: null };

/** The columns and rows of a figure, before they are written out. */
export function figureTable(report: KpiReport, figure: KpiFigure): { columns: string[]; rows: Row[] } {
  const facility = (row: { facilityId: string; facilityName: string | null }) => ({
    scope: "facility",
    facilityId: row.facilityId,
    facilityName: row.facilityName,
  });
  switch (figure) {
    case "events": {
      const { rows, province } = report.events;
      return {
        columns: [
          "scope",
          "facilityId",
          "facilityName",
          "fabricLots",
          "cuttings",
          "sewings",
          "shipments",
          "transfers",
          "total",
        ],
        rows: [...rows.map((row) => ({ ...row, ...facility(row) })), { ...province, ...PROVINCE }],
      };
    }
    case "garments": {
      const { rows, province } = report.garments;
      return {
        columns: ["scope", "facilityId", "facilityName", "batches", "garments"],
        rows: [...rows.map((row) => ({ ...row, ...facility(row) })), { ...province, ...PROVINCE }],
      };
    }
    case "cutting-yield": {
      const { rows, province } = report.cuttingYield;
      return {
        columns: [
          "scope",
          "facilityId",
          "facilityName",
          "style",
          "equipmentId",
          "cuttings",
          "pieces",
          "metres",
          "piecesPerMetre",
          "baseline",
          "baselineKind",
          "difference",
        ],
        rows: [
          ...rows.map((row) => ({
            ...facility(row),
            style: row.style,
            equipmentId: row.equipmentId,
            cuttings: row.cuttings,
            pieces: row.pieces,
            metres: row.metres,
            piecesPerMetre: fraction(row.piecesPerMetre),
            baseline: fraction(row.baseline),
            baselineKind: row.baselineKind,
            difference: fraction(row.difference),
          })),
          {
            ...PROVINCE,
            pieces: province.pieces,
            metres: province.metres,
            piecesPerMetre: fraction(province.piecesPerMetre),
          },
        ],
      };
    }
    case "sewing-output": {
      const { days, province } = report.sewingOutput;
      return {
        columns: ["scope", "facilityId", "facilityName", "lineId", "day", "batches", "garments"],
        rows: [
          ...days.map((row) => ({
            ...facility(row),
            lineId: row.lineId,
            day: row.day,
            batches: row.batches,
            garments: row.garments,
          })),
          { ...PROVINCE, garments: province.garments },
        ],
      };
    }
    case "lots-on-time": {
      const { rows, province } = report.lotsOnTime;
      const counts = (row: typeof province) => ({
        arrived: row.arrived,
        onTime: row.onTime,
        late: row.late,
        pending: row.pending,
        rate: fraction(row.rate),
      });
      return {
        columns: ["scope", "facilityId", "facilityName", "arrived", "onTime", "late", "pending", "rate"],
        rows: [
          ...rows.map((row) => ({ ...facility(row), ...counts(row) })),
          { ...PROVINCE, ...counts(province) },
        ],
      };
    }
    case "origin-pass-rate": {
      const { rows, byFacility, province } = report.originPassRate;
      const counts = (row: typeof province) => ({
        assessed: row.assessed,
        originating: row.originating,
        notOriginating: row.notOriginating,
        insufficientData: row.insufficientData,
        provisional: row.provisional,
        rate: fraction(row.rate),
      });
      return {
        columns: [
          "scope",
          "fta",
          "facilityId",
          "facilityName",
          "assessed",
          "originating",
          "notOriginating",
          "insufficientData",
          "provisional",
          "rate",
        ],
        rows: [
          ...byFacility.map((row) => ({ ...facility(row), fta: row.fta, ...counts(row) })),
          ...rows.map((row) => ({ ...PROVINCE, scope: "agreement", fta: row.fta, ...counts(row) })),
          { ...PROVINCE, fta: null, ...counts(province) },
        ],
      };
    }
    case "certificates": {
      const { rows, byAgreement, province } = report.certificates;
      return {
        columns: ["scope", "fta", "facilityId", "facilityName", "issued", "revoked"],
        rows: [
          ...rows.map((row) => ({
            ...facility(row),
            fta: row.fta,
            issued: row.issued,
            revoked: row.revoked,
          })),
          ...byAgreement.map((row) => ({ ...PROVINCE, scope: "agreement", ...row })),
          { ...PROVINCE, fta: null, ...province },
        ],
      };
    }
    case "scans": {
      const { rows, province } = report.scans;
      return {
        columns: ["scope", "facilityId", "facilityName", "scans", "scannedGarments", "warned"],
        rows: [...rows, province].map((row, index) => ({
          ...(index < rows.length ? facility(rows[index]!) : PROVINCE),
          scans: row.scans,
          scannedGarments: row.garments,
          warned: row.warned,
        })),
      };
    }
  }
}

/**
 * A figure as CSV text, with a header row of `header(column)` (the column's key when not given).
 *
 * @example
 * figureCsv(report, "garments", (column) => labels[column]);
 */
export function figureCsv(
  report: KpiReport,
  figure: KpiFigure,
  header: (column: string) => string = (column) => column,
): string {
  const { columns, rows } = figureTable(report, figure);
  return stringify(rows, {
    header: true,
    // Text a facility typed (a style, a name) never starts a formula in a spreadsheet (CSV injection).
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
    columns: columns.map((column) => ({ key: column, header: header(column) })),
  });
}
