/**
 * The programme's figures over a period, as SQL over the read model: events recorded, garments committed,
 * cutting yield, sewing output per line and day, lots consumed on time, certificates issued and revoked. Each
 * query aggregates in SQLite and answers at most a bounded number of rows; the caller (services/kpis) caps
 * the period, so one request's work is one pass over the lots of at most that period.
 *
 * A lot's time is its record's `occurredAt` (the factory floor's word), or its block's time when the record
 * could not be read. A period is the half-open interval [from, to) of two ISO 8601 instants.
 */
import type { Hex } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

export interface KpiPeriod {
  /** ISO 8601 instant, inclusive. */
  from: string;
  /** ISO 8601 instant, exclusive. */
  to: string;
}

/** Most rows a figure's query answers with (facilities × styles, lines × days, …). */
export const MAX_KPI_ROWS = 20_000;

/** Whether the lot aliased `l` happened in the period (@from, @to). */
const IN_PERIOD = `julianday(coalesce(l.occurred_at, l.block_time)) >= julianday(@from)
  AND julianday(coalesce(l.occurred_at, l.block_time)) < julianday(@to)`;

interface FacilityColumns {
  facility_id: string | null;
  facility_name: string | null;
}

export interface FacilityRef {
  /** The facility's id, or its chain key when its metadata record could not be read. */
  facilityId: string;
  facilityName: string | null;
}

const facilityOf = (row: FacilityColumns & { facility_key: Hex }): FacilityRef => ({
  facilityId: row.facility_id ?? row.facility_key,
  facilityName: row.facility_name,
});

export interface EventCountRow extends FacilityRef {
  /** fabric-lot | cutting | sewing | shipment (an export) | transfer (a hand-over to another facility). */
  operation: string;
  events: number;
}

export interface GarmentsRow extends FacilityRef {
  batches: number;
  garments: number;
}

export interface CuttingYieldRow extends FacilityRef {
  style: string | null;
  /** The cutting table (or other equipment) the cuttings named, when they named one. */
  equipmentId: string | null;
  cuttings: number;
  /** Every piece cut. */
  pieces: number;
  /** The pieces of the cuttings whose fabric was counted in metres (the ones a yield is taken of). */
  piecesFromMetres: number;
  /** Metres of fabric those cuttings consumed. */
  metres: number;
}

export interface StyleHistoryRow {
  style: string;
  cuttings: number;
  pieces: number;
  metres: number;
}

export interface SewingDayRow extends FacilityRef {
  lineId: string | null;
  /** The day in Viet Nam's time (UTC+7), YYYY-MM-DD. */
  day: string;
  batches: number;
  garments: number;
}

export interface LotsOnTimeRow extends FacilityRef {
  /** Lots that arrived at the facility in the period (made there, or handed over to it). */
  arrived: number;
  onTime: number;
  late: number;
  /** Not used yet and still within their allowance. */
  pending: number;
}

export interface CertificateCountRow extends FacilityRef {
  fta: string;
  issued: number;
  revoked: number;
}

type Params = { from: string; to: string; limit: number };

const statements = oncePer((db: IndexDatabase) => ({
  events: db.prepare<Params, FacilityColumns & { facility_key: Hex; operation: string; events: number }>(
    `SELECT l.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name,
       CASE WHEN l.operation = 'shipment' AND l.kind <> 'shipment' THEN 'transfer' ELSE l.operation END
         AS operation,
       COUNT(*) AS events
     FROM lots l LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key
     WHERE ${IN_PERIOD}
     GROUP BY l.recorded_by_key, 4 ORDER BY 2, 4 LIMIT @limit`,
  ),
  garments: db.prepare<Params, FacilityColumns & { facility_key: Hex; batches: number; garments: number }>(
    `SELECT l.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name,
       COUNT(*) AS batches, SUM(coalesce(s.garment_count, l.quantity)) AS garments
     FROM lots l LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key
       LEFT JOIN sewing_details s ON s.lot_key = l.lot_key
     WHERE l.operation = 'sewing' AND ${IN_PERIOD}
     GROUP BY l.recorded_by_key ORDER BY 2 LIMIT @limit`,
  ),
  cuttings: db.prepare<
    Params,
    FacilityColumns & {
      facility_key: Hex;
      style: string | null;
      equipment_id: string | null;
      cuttings: number;
      pieces: number;
      pieces_from_metres: number | null;
      metres: number | null;
    }
  >(
    `WITH cut AS (
       SELECT l.lot_key, l.recorded_by_key, c.style, e.equipment_id, l.quantity AS pieces,
         (SELECT SUM(x.quantity) FROM consumptions x JOIN lots i ON i.lot_key = x.lot_key
          WHERE x.into_lot_key = l.lot_key AND i.unit = 'm') AS metres
       FROM lots l LEFT JOIN cutting_details c ON c.lot_key = l.lot_key
         LEFT JOIN lot_equipment e ON e.lot_key = l.lot_key
       WHERE l.operation = 'cutting' AND ${IN_PERIOD}
     )
     SELECT cut.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name, cut.style,
       cut.equipment_id, COUNT(*) AS cuttings, SUM(cut.pieces) AS pieces,
       SUM(CASE WHEN cut.metres > 0 THEN cut.pieces END) AS pieces_from_metres,
       SUM(CASE WHEN cut.metres > 0 THEN cut.metres END) AS metres
     FROM cut LEFT JOIN facilities f ON f.facility_key = cut.recorded_by_key
     GROUP BY cut.recorded_by_key, cut.style, cut.equipment_id ORDER BY 2, 4, 5 LIMIT @limit`,
  ),
  styleHistory: db.prepare<
    { before: string; limit: number },
    { style: string; cuttings: number; pieces: number; metres: number }
  >(
    `WITH cut AS (
       SELECT c.style, l.quantity AS pieces,
         (SELECT SUM(x.quantity) FROM consumptions x JOIN lots i ON i.lot_key = x.lot_key
          WHERE x.into_lot_key = l.lot_key AND i.unit = 'm') AS metres
       FROM lots l JOIN cutting_details c ON c.lot_key = l.lot_key
       WHERE l.operation = 'cutting' AND c.style IS NOT NULL
         AND julianday(coalesce(l.occurred_at, l.block_time)) < julianday(@before)
     )
     SELECT style, COUNT(*) AS cuttings, SUM(pieces) AS pieces, SUM(metres) AS metres FROM cut
     WHERE metres > 0 GROUP BY style ORDER BY style LIMIT @limit`,
  ),
  sewingDays: db.prepare<
    Params,
    FacilityColumns & {
      facility_key: Hex;
      line_id: string | null;
      day: string;
      batches: number;
      garments: number;
    }
  >(
    `SELECT l.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name, e.line_id,
       date(coalesce(l.occurred_at, l.block_time), '+7 hours') AS day,
       COUNT(*) AS batches, SUM(coalesce(s.garment_count, l.quantity)) AS garments
     FROM lots l LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key
       LEFT JOIN sewing_details s ON s.lot_key = l.lot_key
       LEFT JOIN lot_equipment e ON e.lot_key = l.lot_key
     WHERE l.operation = 'sewing' AND ${IN_PERIOD}
     GROUP BY l.recorded_by_key, e.line_id, 5 ORDER BY 2, 4, 5 LIMIT @limit`,
  ),
  lotsOnTime: db.prepare<
    Params & { now: string; allowanceDays: number },
    FacilityColumns & { facility_key: Hex; arrived: number; on_time: number; late: number; pending: number }
  >(
    `WITH arrived AS (
       SELECT l.facility_key, julianday(coalesce(l.occurred_at, l.block_time)) AS arrived_at,
         (SELECT MIN(julianday(coalesce(o.occurred_at, o.block_time))) FROM consumptions x
          JOIN lots o ON o.lot_key = x.into_lot_key WHERE x.lot_key = l.lot_key) AS first_used_at
       FROM lots l
       WHERE l.kind <> 'shipment' AND ${IN_PERIOD}
     )
     SELECT a.facility_key, f.id AS facility_id, f.name AS facility_name, COUNT(*) AS arrived,
       SUM(a.first_used_at IS NOT NULL AND a.first_used_at - a.arrived_at <= @allowanceDays) AS on_time,
       SUM((a.first_used_at IS NOT NULL AND a.first_used_at - a.arrived_at > @allowanceDays)
         OR (a.first_used_at IS NULL AND julianday(@now) - a.arrived_at > @allowanceDays)) AS late,
       SUM(a.first_used_at IS NULL AND julianday(@now) - a.arrived_at <= @allowanceDays) AS pending
     FROM arrived a LEFT JOIN facilities f ON f.facility_key = a.facility_key
     GROUP BY a.facility_key ORDER BY 2 LIMIT @limit`,
  ),
  certificates: db.prepare<
    Params,
    FacilityColumns & { facility_key: Hex; fta: string; issued: number; revoked: number }
  >(
    `SELECT coalesce(l.recorded_by_key, c.subject_lot_key) AS facility_key, f.id AS facility_id,
       f.name AS facility_name, c.fta,
       SUM(julianday(c.issued_at) >= julianday(@from) AND julianday(c.issued_at) < julianday(@to)) AS issued,
       SUM(c.revoked_at IS NOT NULL AND julianday(c.revoked_at) >= julianday(@from)
         AND julianday(c.revoked_at) < julianday(@to)) AS revoked
     FROM certificates c LEFT JOIN lots l ON l.lot_key = c.subject_lot_key
       LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key
     WHERE (julianday(c.issued_at) >= julianday(@from) AND julianday(c.issued_at) < julianday(@to))
       OR (c.revoked_at IS NOT NULL AND julianday(c.revoked_at) >= julianday(@from)
         AND julianday(c.revoked_at) < julianday(@to))
     GROUP BY 1, c.fta ORDER BY c.fta, 2 LIMIT @limit`,
  ),
  lotFacility: db.prepare<[Hex], FacilityColumns & { facility_key: Hex }>(
    `SELECT l.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name
     FROM lots l LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key WHERE l.lot_key = ?`,
  ),
  lotFacilityById: db.prepare<[string], FacilityColumns & { facility_key: Hex }>(
    `SELECT l.recorded_by_key AS facility_key, f.id AS facility_id, f.name AS facility_name
     FROM lots l LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key WHERE l.id = ?`,
  ),
}));

const params = (period: KpiPeriod): Params => ({ from: period.from, to: period.to, limit: MAX_KPI_ROWS });

/** Events recorded in the period, per recording facility and operation (transfers apart from exports). */
export function kpiEventCounts(db: IndexDatabase, period: KpiPeriod): EventCountRow[] {
  return statements(db)
    .events.all(params(period))
    .map((row) => ({ ...facilityOf(row), operation: row.operation, events: row.events }));
}

/** Garment batches sewn in the period and the garments they committed, per sewing facility. */
export function kpiGarmentsCommitted(db: IndexDatabase, period: KpiPeriod): GarmentsRow[] {
  return statements(db)
    .garments.all(params(period))
    .map((row) => ({ ...facilityOf(row), batches: row.batches, garments: row.garments }));
}

/** Cuttings in the period per facility, style and cutting table: pieces and the metres they took. */
export function kpiCuttings(db: IndexDatabase, period: KpiPeriod): CuttingYieldRow[] {
  return statements(db)
    .cuttings.all(params(period))
    .map((row) => ({
      ...facilityOf(row),
      style: row.style,
      equipmentId: row.equipment_id,
      cuttings: row.cuttings,
      pieces: row.pieces,
      piecesFromMetres: row.pieces_from_metres ?? 0,
      metres: row.metres ?? 0,
    }));
}

/** Every style's cuttings (from fabric counted in metres) before `before`, at any facility. */
export function kpiStyleHistory(db: IndexDatabase, before: string): StyleHistoryRow[] {
  return statements(db).styleHistory.all({ before, limit: MAX_KPI_ROWS });
}

/** Garments sewn in the period per facility, line (null: no line named) and day in Viet Nam's time. */
export function kpiSewingDays(db: IndexDatabase, period: KpiPeriod): SewingDayRow[] {
  return statements(db)
    .sewingDays.all(params(period))
    .map((row) => ({
      ...facilityOf(row),
      lineId: row.line_id,
      day: row.day,
      batches: row.batches,
      garments: row.garments,
    }));
}

/**
 * Lots that arrived at a facility in the period (every lot but an export: a fabric lot, a cutting's bundles,
 * a garment batch, or what a transfer handed over) and whether each was first used — cut, sewn, shipped or
 * handed on — within `allowanceDays` of arriving. One not used yet counts as late once its allowance has run
 * out by `now`, and as pending before. Per holding facility.
 */
export function kpiLotsOnTime(
  db: IndexDatabase,
  period: KpiPeriod,
  allowanceDays: number,
  now: string,
): LotsOnTimeRow[] {
  return statements(db)
    .lotsOnTime.all({ ...params(period), allowanceDays, now })
    .map((row) => ({
      ...facilityOf(row),
      arrived: row.arrived,
      onTime: row.on_time,
      late: row.late,
      pending: row.pending,
    }));
}

/** Certificates issued and revoked in the period, per agreement and the facility that made the subject. */
export function kpiCertificates(db: IndexDatabase, period: KpiPeriod): CertificateCountRow[] {
  return statements(db)
    .certificates.all(params(period))
    .map((row) => ({ ...facilityOf(row), fta: row.fta, issued: row.issued, revoked: row.revoked }));
}

/** The facility that recorded lot `lotId` (a garment batch's sewer, a shipment's shipper), or null. */
export function kpiLotFacility(db: IndexDatabase, lotId: string): FacilityRef | null {
  // By the id the record gave (an index lookup); by the chain key only for a lot whose record was not read:
  // hashing every id (keccak-256) was most of the scan figure's time over a year of batches.
  const row = statements(db).lotFacilityById.get(lotId) ?? statements(db).lotFacility.get(chainKey(lotId));
  return row ? facilityOf(row) : null;
}
