/**
 * A facility's sewing lines and key equipment: the facility registers them itself, by its own ids, and its
 * cuttings and sewings may then name the line or machine they ran on (`lineId`, `equipmentId`), which
 * production checks against this register ({@link checkRanOn}). Only the facility's own key registers; the
 * operator and the facility read the register.
 */
import { AppError, DuplicateIdError, ForbiddenError, NotFoundError, ValidationError } from "../errors/index";
import type { FieldIssue } from "../errors/index";
import { findFacility } from "../read-model/queries";
import type { IndexDatabase } from "../read-model/database";
import type { Principal } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import {
  countEquipment,
  findEquipment,
  insertEquipment,
  listEquipment,
  MAX_EQUIPMENT_PER_FACILITY,
} from "../service-db/equipment";
import type { Equipment, EquipmentKind } from "../service-db/equipment";

export { EQUIPMENT_KINDS } from "../service-db/equipment";
export type { Equipment, EquipmentKind } from "../service-db/equipment";

export interface EquipmentDeps {
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
}

/** Refuses a principal that is neither the facility itself nor (for reading) the operator. */
function requireOwnFacility(principal: Principal, facilityId: string, reading: boolean): void {
  if (principal.type === "facility" && principal.id === facilityId) return;
  if (reading && principal.type === "operator") return;
  throw new ForbiddenError(
    reading
      ? "Only the facility itself or the programme operator may read its lines and equipment"
      : "Only the facility's own API key may register its lines and equipment",
  );
}

/**
 * Registers a sewing line or piece of equipment of `facilityId`. FORBIDDEN for another key, NOT_FOUND for an
 * unregistered facility, FACILITY_SUSPENDED for a suspended one, DUPLICATE_ID when the facility has that id already, VALIDATION_FAILED past
 * {@link MAX_EQUIPMENT_PER_FACILITY} items.
 *
 * @example
 * await registerEquipment(deps, { type: "facility", id: "tng-sewing" }, "tng-sewing", { id: "LINE-1", kind: "sewing-line", name: "Line 1" });
 */
export function registerEquipment(
  deps: EquipmentDeps,
  principal: Principal,
  facilityId: string,
  item: { id: string; kind: EquipmentKind; name: string },
  now: Date = new Date(),
): Equipment {
  requireOwnFacility(principal, facilityId, false);
  const facility = findFacility(deps.indexDb, facilityId);
  if (!facility) throw new NotFoundError("Facility", facilityId);
  if (facility.suspended)
    throw new AppError("FACILITY_SUSPENDED", `Facility '${facilityId}' is suspended`, {
      details: { facilityId },
    });
  if (findEquipment(deps.serviceDb, facilityId, item.id)) throw new DuplicateIdError("Equipment", item.id);
  if (countEquipment(deps.serviceDb, facilityId) >= MAX_EQUIPMENT_PER_FACILITY)
    throw new ValidationError([
      {
        path: "id",
        message: `a facility registers at most ${MAX_EQUIPMENT_PER_FACILITY} lines and machines`,
      },
    ]);
  const registered: Equipment = { facilityId, ...item, registeredAt: now.toISOString() };
  if (!insertEquipment(deps.serviceDb, registered)) throw new DuplicateIdError("Equipment", item.id);
  return registered;
}

/** The register of `facilityId`, for the facility itself or the operator. */
export function facilityEquipment(
  deps: EquipmentDeps,
  principal: Principal,
  facilityId: string,
): Equipment[] {
  requireOwnFacility(principal, facilityId, true);
  if (!findFacility(deps.indexDb, facilityId)) throw new NotFoundError("Facility", facilityId);
  return listEquipment(deps.serviceDb, facilityId);
}

/**
 * The field errors of an event's `lineId` / `equipmentId`: each must be an item `facilityId` registered, a
 * line a sewing line and equipment anything but a line. Empty when both are absent or right.
 */
export function ranOnIssues(
  serviceDb: ServiceDatabase,
  facilityId: string,
  ranOn: { lineId?: string; equipmentId?: string },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (ranOn.lineId !== undefined) {
    const line = findEquipment(serviceDb, facilityId, ranOn.lineId);
    if (!line)
      issues.push({
        path: "lineId",
        message: `is not a line registered by facility '${facilityId}' (register it first)`,
      });
    else if (line.kind !== "sewing-line")
      issues.push({ path: "lineId", message: `names a ${line.kind}, not a sewing line` });
  }
  if (ranOn.equipmentId !== undefined) {
    const item = findEquipment(serviceDb, facilityId, ranOn.equipmentId);
    if (!item)
      issues.push({
        path: "equipmentId",
        message: `is not equipment registered by facility '${facilityId}' (register it first)`,
      });
    else if (item.kind === "sewing-line")
      issues.push({ path: "equipmentId", message: "names a sewing line: give it as lineId" });
  }
  return issues;
}

/** Refuses an event whose `lineId` / `equipmentId` the facility did not register (VALIDATION_FAILED). */
export function checkRanOn(
  serviceDb: ServiceDatabase,
  facilityId: string,
  ranOn: { lineId?: string; equipmentId?: string },
): void {
  const issues = ranOnIssues(serviceDb, facilityId, ranOn);
  if (issues.length > 0) throw new ValidationError(issues);
}
