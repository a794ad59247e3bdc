/**
 * The lots a facility holds or recorded, newest first, with what remains of each: a factory office's list.
 * Bounded: at most `limit` rows. A lot of another facility (neither held nor recorded by it) is not listed.
 */
import { chainKey } from "../chain/keys";
import type { LotKind, OperationKind, Unit } from "../chain/ledger";
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

export interface FacilityLotRow {
  id: string;
  kind: LotKind;
  operation: OperationKind;
  quantity: number;
  remaining: number;
  unit: Unit;
  description: string | null;
  occurredAt: string | null;
  /** Whether the facility holds the lot now (a lot it handed over is held by the recipient). */
  held: boolean;
}

const statements = oncePer((db: IndexDatabase) =>
  db.prepare<
    [string, string, string, number],
    {
      id: string;
      kind: LotKind;
      operation: OperationKind;
      quantity: number;
      remaining: number;
      unit: Unit;
      description: string | null;
      occurred_at: string | null;
      held: number;
    }
  >(
    `SELECT id, kind, operation, quantity, remaining, unit, description, occurred_at,
            facility_key = ? AS held
       FROM lots
      WHERE id IS NOT NULL AND (facility_key = ? OR recorded_by_key = ?)
      ORDER BY block_number DESC, log_index DESC
      LIMIT ?`,
  ),
);

/** The lots `facilityId` holds or recorded, newest first. */
export function lotsOfFacility(db: IndexDatabase, facilityId: string, limit = 200): FacilityLotRow[] {
  const key = chainKey(facilityId);
  return statements(db)
    .all(key, key, key, limit)
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      operation: row.operation,
      quantity: row.quantity,
      remaining: row.remaining,
      unit: row.unit,
      description: row.description,
      occurredAt: row.occurred_at,
      held: row.held === 1,
    }));
}
