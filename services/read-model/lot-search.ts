/**
 * The garment batches and shipments the read model knows, newest first, optionally those whose id contains a
 * search text: what a compliance officer picks a subject of origin from. Bounded: at most `limit` rows.
 */
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

export interface OriginSubjectRow {
  id: string;
  kind: "garment-batch" | "shipment";
  description: string | null;
  destinationCountry: string | null;
  occurredAt: string | null;
  facilityId: string | null;
}

const statements = oncePer((db: IndexDatabase) =>
  db.prepare<
    [string, number],
    {
      id: string;
      kind: "garment-batch" | "shipment";
      description: string | null;
      destination_country: string | null;
      occurred_at: string | null;
      facility_id: string | null;
    }
  >(
    `SELECT l.id, l.kind, l.description, s.destination_country, l.occurred_at, f.id AS facility_id
       FROM lots l
       LEFT JOIN shipment_details s ON s.lot_key = l.lot_key
       LEFT JOIN facilities f ON f.facility_key = l.recorded_by_key
      WHERE l.kind IN ('garment-batch', 'shipment') AND l.id IS NOT NULL
        AND l.id LIKE ? ESCAPE '\\'
      ORDER BY l.block_number DESC, l.log_index DESC
      LIMIT ?`,
  ),
);

/** Garment batches and shipments whose id contains `query` (any, when empty), newest first. */
export function searchOriginSubjects(db: IndexDatabase, query: string, limit = 100): OriginSubjectRow[] {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return statements(db)
    .all(pattern, limit)
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      description: row.description,
      destinationCountry: row.destination_country,
      occurredAt: row.occurred_at,
      facilityId: row.facility_id,
    }));
}
