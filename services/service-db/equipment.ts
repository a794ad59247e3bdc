/**
 * A facility's sewing lines and key equipment (cutting tables, knitting machines), by the ids the facility
 * gives them: a cutting or sewing may name the line or machine it ran on, and output and yield figures break
 * down per line. Not chain state: the facility's own register, kept with the service.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

export const EQUIPMENT_KINDS = ["sewing-line", "cutting-table", "knitting-machine", "other"] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

export interface Equipment {
  facilityId: string;
  id: string;
  kind: EquipmentKind;
  name: string;
  registeredAt: string;
}

interface EquipmentRow {
  facility_id: string;
  id: string;
  kind: EquipmentKind;
  name: string;
  registered_at: string;
}

/** Most items one facility may register (a list answer stays small). */
export const MAX_EQUIPMENT_PER_FACILITY = 500;

const statements = oncePer((db: ServiceDatabase) => ({
  insert: db.prepare(
    `INSERT INTO facility_equipment (facility_id, id, kind, name, registered_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (facility_id, id) DO NOTHING`,
  ),
  one: db.prepare<[string, string], EquipmentRow>(
    "SELECT * FROM facility_equipment WHERE facility_id = ? AND id = ?",
  ),
  all: db.prepare<[string, number], EquipmentRow>(
    "SELECT * FROM facility_equipment WHERE facility_id = ? ORDER BY kind, id LIMIT ?",
  ),
  count: db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM facility_equipment WHERE facility_id = ?",
  ),
}));

const fromRow = (row: EquipmentRow): Equipment => ({
  facilityId: row.facility_id,
  id: row.id,
  kind: row.kind,
  name: row.name,
  registeredAt: row.registered_at,
});

/** Adds an item to its facility's register; false (and nothing changed) when the facility has that id. */
export function insertEquipment(db: ServiceDatabase, item: Equipment): boolean {
  return (
    statements(db).insert.run(item.facilityId, item.id, item.kind, item.name, item.registeredAt).changes > 0
  );
}

/** One registered item of a facility, or null. */
export function findEquipment(db: ServiceDatabase, facilityId: string, id: string): Equipment | null {
  const row = statements(db).one.get(facilityId, id);
  return row ? fromRow(row) : null;
}

/** A facility's register, by kind and id. */
export function listEquipment(db: ServiceDatabase, facilityId: string): Equipment[] {
  return statements(db).all.all(facilityId, MAX_EQUIPMENT_PER_FACILITY).map(fromRow);
}

/** How many items a facility has registered. */
export function countEquipment(db: ServiceDatabase, facilityId: string): number {
  return statements(db).count.get(facilityId)!.n;
}
