/**
 * The EPCIS events the service captured, recorded (mapped to a threadproof event) or kept (anchored only),
 * with what the query interface filters on and what makes each one provable alone: its canonical record's
 * CID in IPFS, its capture's Merkle root and its proof. Each capture's root is on chain (a `CommitEvents`
 * operation, with a commitment record in IPFS listing the events), so a row can be checked against the chain
 * (services/provenance/supply-chain-events.ts). Kept in the service database, not the read model; they are
 * rebuilt from the chain's EventsCommitted events and the commitment records by
 * services/epcis-capture/rebuild.ts.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

export type EpcisEventOutcome = "recorded" | "kept";

export interface StoredEpcisEvent {
  eventHash: string;
  eventID: string;
  captureId: string;
  facilityId: string;
  outcome: EpcisEventOutcome;
  /** The lot a recorded event made. */
  lotId: string | null;
  eventType: string;
  /** UTC, ISO 8601 with milliseconds (sorts as text). */
  eventTime: string;
  recordTime: string;
  bizStep: string | null;
  bizLocation: string | null;
  /** CID of the event's canonical JSON (RFC 8785) in IPFS. */
  recordCid: string;
  captureRoot: string;
  proof: string[];
  /** The event as captured, with its `eventID` and `recordTime`. */
  event: unknown;
  /** Canonical Digital Links (or the URIs as given) of the instance-level identifiers it names. */
  epcs: string[];
  /** Canonical Digital Links (or as given) of the classes its quantity lists name. */
  epcClasses: string[];
}

interface Row {
  seq: number;
  event_hash: string;
  event_id: string;
  capture_id: string;
  facility_id: string;
  outcome: EpcisEventOutcome;
  lot_id: string | null;
  event_type: string;
  event_time: string;
  record_time: string;
  biz_step: string | null;
  biz_location: string | null;
  record_cid: string;
  capture_root: string;
  proof: string;
  event: string;
}

const statements = oncePer((db: ServiceDatabase) => {
  return {
    insert: db.prepare(
      `INSERT INTO epcis_events (event_hash, event_id, capture_id, facility_id, outcome, lot_id, event_type,
         event_time, record_time, biz_step, biz_location, record_cid, capture_root, proof, event)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_hash) DO NOTHING`,
    ),
    identifier: db.prepare(
      "INSERT INTO epcis_event_identifiers (seq, role, identifier) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ),
    byHash: db.prepare<[string], Row>("SELECT * FROM epcis_events WHERE event_hash = ?"),
    byEventId: db.prepare<[string], Row>(
      "SELECT * FROM epcis_events WHERE event_id = ? ORDER BY seq LIMIT 1",
    ),
  };
});

/** Stores captured events in one transaction; an event already stored (same hash) is left as it was. */
export function storeEpcisEvents(db: ServiceDatabase, events: readonly StoredEpcisEvent[]): void {
  const { insert, identifier } = statements(db);
  db.transaction(() => {
    for (const event of events) {
      const result = insert.run(
        event.eventHash,
        event.eventID,
        event.captureId,
        event.facilityId,
        event.outcome,
        event.lotId,
        event.eventType,
        event.eventTime,
        event.recordTime,
        event.bizStep,
        event.bizLocation,
        event.recordCid,
        event.captureRoot,
        JSON.stringify(event.proof),
        JSON.stringify(event.event),
      );
      if (result.changes === 0) continue;
      const seq = Number(result.lastInsertRowid);
      for (const epc of new Set(event.epcs)) identifier.run(seq, "epc", epc);
      for (const epcClass of new Set(event.epcClasses)) identifier.run(seq, "class", epcClass);
    }
  })();
}

/** Removes every stored event (a rebuild from the chain's commitments fills them again). */
export function clearEpcisEvents(db: ServiceDatabase): void {
  db.transaction(() => {
    db.prepare("DELETE FROM epcis_event_identifiers").run();
    db.prepare("DELETE FROM epcis_events").run();
  })();
}

function fromRow(row: Row): StoredEpcisEvent & { seq: number } {
  return {
    seq: row.seq,
    eventHash: row.event_hash,
    eventID: row.event_id,
    captureId: row.capture_id,
    facilityId: row.facility_id,
    outcome: row.outcome,
    lotId: row.lot_id,
    eventType: row.event_type,
    eventTime: row.event_time,
    recordTime: row.record_time,
    bizStep: row.biz_step,
    bizLocation: row.biz_location,
    recordCid: row.record_cid,
    captureRoot: row.capture_root,
    proof: JSON.parse(row.proof) as string[],
    event: JSON.parse(row.event) as unknown,
    epcs: [],
    epcClasses: [],
  };
}

/** The stored event with this CBV 2.0 hash, or null. */
export function findEpcisEventByHash(db: ServiceDatabase, eventHash: string) {
  const row = statements(db).byHash.get(eventHash);
  return row ? fromRow(row) : null;
}

/** The first stored event with this `eventID`, or null. */
export function findEpcisEventById(db: ServiceDatabase, eventID: string) {
  const row = statements(db).byEventId.get(eventID);
  return row ? fromRow(row) : null;
}

/** What `GET /epcis/events` filters on (all optional; values already canonical). */
export interface EpcisEventFilter {
  eventTypes?: readonly string[];
  /** ISO 8601 UTC, inclusive / exclusive. */
  fromEventTime?: string;
  beforeEventTime?: string;
  bizSteps?: readonly string[];
  bizLocations?: readonly string[];
  epcs?: readonly string[];
  epcClasses?: readonly string[];
  lotId?: string;
  /** Only events after this capture-order position (the page cursor). */
  afterSeq?: number;
  limit: number;
}

const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** One page of stored events matching `filter`, in capture order, and whether more follow. */
export function queryEpcisEvents(
  db: ServiceDatabase,
  filter: EpcisEventFilter,
): { events: (StoredEpcisEvent & { seq: number })[]; more: boolean } {
  statements(db);
  const where: string[] = [];
  const values: (string | number)[] = [];
  const anyOf = (column: string, list: readonly string[] | undefined) => {
    if (!list || list.length === 0) return;
    where.push(`${column} IN (${placeholders(list)})`);
    values.push(...list);
  };
  anyOf("event_type", filter.eventTypes);
  anyOf("biz_step", filter.bizSteps);
  anyOf("biz_location", filter.bizLocations);
  if (filter.fromEventTime !== undefined) {
    where.push("event_time >= ?");
    values.push(filter.fromEventTime);
  }
  if (filter.beforeEventTime !== undefined) {
    where.push("event_time < ?");
    values.push(filter.beforeEventTime);
  }
  if (filter.lotId !== undefined) {
    where.push("lot_id = ?");
    values.push(filter.lotId);
  }
  for (const [role, list] of [
    ["epc", filter.epcs],
    ["class", filter.epcClasses],
  ] as const) {
    if (!list || list.length === 0) continue;
    where.push(
      `seq IN (SELECT seq FROM epcis_event_identifiers WHERE role = ? AND identifier IN (${placeholders(list)}))`,
    );
    values.push(role, ...list);
  }
  if (filter.afterSeq !== undefined) {
    where.push("seq > ?");
    values.push(filter.afterSeq);
  }
  const rows = db
    .prepare<(string | number)[], Row>(
      `SELECT * FROM epcis_events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY seq LIMIT ?`,
    )
    .all(...values, filter.limit + 1);
  return { events: rows.slice(0, filter.limit).map(fromRow), more: rows.length > filter.limit };
}

/**
 * The newest kept events (those that moved no lot: inspections, dyeings, certifications) naming any of
 * `identifiers` as an instance or a class, at most `limit`, with how many there are in all.
 */
export function keptEventsNaming(
  db: ServiceDatabase,
  identifiers: readonly string[],
  limit: number,
): { events: (StoredEpcisEvent & { seq: number })[]; total: number } {
  if (identifiers.length === 0) return { events: [], total: 0 };
  statements(db);
  const naming = `seq IN (SELECT seq FROM epcis_event_identifiers WHERE identifier IN (${placeholders(identifiers)}))`;
  const rows = db
    .prepare<(string | number)[], Row>(
      `SELECT * FROM epcis_events WHERE outcome = 'kept' AND ${naming} ORDER BY event_time DESC, seq DESC LIMIT ?`,
    )
    .all(...identifiers, limit);
  const { total } = db
    .prepare<string[], { total: number }>(
      `SELECT COUNT(*) AS total FROM epcis_events WHERE outcome = 'kept' AND ${naming}`,
    )
    .get(...identifiers)!;
  return { events: rows.map(fromRow), total };
}
