/**
 * What the recording use case would refuse, checked for a whole file before anything is recorded, so a dry
 * run names every bad row and a rollback import records nothing when one row is bad: the facility's role,
 * the line and equipment a cutting or sewing names (registered by the facility), each input lot (it exists,
 * this facility holds it, kind and unit fit, enough is left — counting what the file's earlier rows
 * consume), the yield, the GTIN, a hand-over's recipient, and a lot id recorded already.
 *
 * A row whose lot is recorded already is a repeat (skipped) when its record is byte for byte the recorded
 * one, and a conflict (DUPLICATE_ID) when it was edited: a recorded lot is never changed. The row's identity
 * is (posting facility, kind, lot id) and the recorded record's digest says whether it is the same row. A
 * sewing's record holds its garment commitment, made only when recorded: a recorded sewing is taken as a
 * repeat here, and the use case answers an edited one with DUPLICATE_ID when the file is committed.
 */
import type { Ledger, LotKind } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import { AppError } from "../errors/index";
import type { IndexDatabase } from "../read-model/database";
import { findFacility, findLotState } from "../read-model/queries";
import { buildEventRecord, encodeRecord, sha256Hex } from "../records/index";
import { gtinPrefixOf } from "../records/facility";
import type { EventBody } from "../records/events";
import { checkYield } from "../production/plausibility";
import type { WriteLimits } from "../config/index";
import { DEFAULT_WRITE_LIMITS } from "../config/index";
import { ranOnIssues } from "../facilities/equipment";
import type { ServiceDatabase } from "../service-db/database";

/** A refusal of one row: the error code, the English message, and the field of the event body it names. */
export interface Refusal {
  code: string;
  message: string;
  field: string;
  lotId?: string;
}

const REQUIRED_ROLE = {
  "fabric-lot": "fabric",
  cutting: "cutting",
  sewing: "sewing",
  shipment: "shipping",
} as const;
const INPUT_KIND: Record<"cutting" | "sewing", LotKind> = { cutting: "fabric", sewing: "cut-bundles" };

export interface PreflightDeps {
  indexDb: IndexDatabase;
  /** The facilities' registered lines and equipment. */
  serviceDb: ServiceDatabase;
  ledger: Pick<Ledger, "getGtinPrefixes">;
  writeLimits?: WriteLimits;
}

export interface Preflight {
  /** Refuses the whole file when the facility may not record this kind (null: it may). */
  facilityRefusal: Refusal | null;
  /**
   * Checks one row; on success it consumes the row's inputs from the running balance and answers whether the
   * row repeats a recorded lot (`repeat`) or is new.
   */
  check(event: EventBody): { refusal: Refusal } | { repeat: boolean };
}

/** A preflight for `facilityId` recording events of `type`, reading the index as it is now. */
export async function createPreflight(
  deps: PreflightDeps,
  facilityId: string,
  type: EventBody["type"],
): Promise<Preflight> {
  const facility = findFacility(deps.indexDb, facilityId);
  const facilityKey = chainKey(facilityId);
  const facilityRefusal: Refusal | null = !facility
    ? { code: "FORBIDDEN", message: `Facility '${facilityId}' is not registered on chain`, field: "" }
    : facility.suspended
      ? { code: "FACILITY_SUSPENDED", message: `Facility '${facilityId}' is suspended`, field: "" }
      : !facility.roles.includes(REQUIRED_ROLE[type])
        ? {
            code: "FACILITY_ROLE_MISSING",
            message: `Facility '${facilityId}' is not registered for ${type} events`,
            field: "",
          }
        : null;
  const prefixes = type === "sewing" && facility ? await deps.ledger.getGtinPrefixes(facilityId) : [];
  const limits = deps.writeLimits ?? DEFAULT_WRITE_LIMITS;
  /** Input lots as the file's rows so far leave them. Bounded by the distinct lots the file consumes. */
  const balance = new Map<
    string,
    { remaining: number; holder: string; unit: string; kind: LotKind } | null
  >();
  const lot = (lotId: string) => {
    if (!balance.has(lotId)) {
      const state = findLotState(deps.indexDb, lotId);
      balance.set(
        lotId,
        state
          ? { remaining: state.remaining, holder: state.facilityKey, unit: state.unit, kind: state.kind }
          : null,
      );
    }
    return balance.get(lotId)!;
  };

  function checkNew(event: EventBody): Refusal | null {
    if (event.type === "fabric-lot") return null;
    if (event.type === "cutting" || event.type === "sewing") {
      const [issue] = ranOnIssues(deps.serviceDb, facilityId, event.body);
      if (issue) return { code: "VALIDATION_FAILED", message: issue.message, field: issue.path };
    }
    const kinds = new Set<LotKind>();
    for (const [index, input] of event.body.inputs.entries()) {
      const field = `inputs.${index}.lotId`;
      const known = lot(input.lotId);
      const refuse = (code: string, message: string): Refusal => ({
        code,
        message,
        field,
        lotId: input.lotId,
      });
      if (!known) return refuse("NOT_FOUND", `Lot '${input.lotId}' not found`);
      if (known.holder !== facilityKey)
        return refuse("FORBIDDEN", `Lot '${input.lotId}' is not held by facility '${facilityId}'`);
      const expected =
        event.type === "shipment"
          ? event.body.toFacilityId === undefined
            ? "garment-batch"
            : known.kind
          : INPUT_KIND[event.type];
      if (known.kind !== expected || known.kind === "shipment")
        return refuse(
          "WRONG_LOT_KIND",
          `Lot '${input.lotId}' (${known.kind}) cannot be consumed by a ${event.type}`,
        );
      kinds.add(known.kind);
      if (known.unit !== input.quantity.unit)
        return refuse("UNIT_MISMATCH", `Lot '${input.lotId}' is counted in ${known.unit}`);
      if (input.quantity.amount > known.remaining + 1e-9)
        return refuse(
          "INSUFFICIENT_QUANTITY",
          `Lot '${input.lotId}': ${input.quantity.amount} ${known.unit} requested, ${Math.max(0, known.remaining)} ${known.unit} left`,
        );
    }
    if (kinds.size > 1)
      return { code: "WRONG_LOT_KIND", message: "A transfer moves lots of one kind only", field: "inputs" };
    if (event.type === "shipment" && event.body.toFacilityId !== undefined) {
      if (event.body.toFacilityId === facilityId)
        return { code: "VALIDATION_FAILED", message: "must be another facility", field: "toFacilityId" };
      if (!findFacility(deps.indexDb, event.body.toFacilityId))
        return {
          code: "NOT_FOUND",
          message: `Facility '${event.body.toFacilityId}' not found`,
          field: "toFacilityId",
        };
    }
    try {
      checkYield(limits, event);
    } catch (error) {
      if (error instanceof AppError)
        return { code: error.code, message: error.message, field: "output.quantity" };
      throw error;
    }
    if (event.type === "sewing" && gtinPrefixOf(event.body.product.gtin, prefixes) === null)
      return {
        code: "GTIN_NOT_AUTHORIZED",
        message: `GTIN ${event.body.product.gtin} is not under a GS1 company prefix of facility '${facilityId}'${prefixes.length > 0 ? ` (${prefixes.join(", ")})` : ""}`,
        field: "product.gtin",
      };
    return null;
  }

  return {
    facilityRefusal,
    check(event) {
      const existing = findLotState(deps.indexDb, event.body.id);
      if (existing) {
        const conflict: Refusal = {
          code: "DUPLICATE_ID",
          message: `Lot '${event.body.id}' is recorded already with other values`,
          field: "id",
          lotId: event.body.id,
        };
        if (existing.recordedByKey !== facilityKey) return { refusal: conflict };
        if (event.type === "sewing") return { repeat: true };
        const digest = sha256Hex(encodeRecord(buildEventRecord(event, facilityId, [])));
        return digest === existing.recordDigest ? { repeat: true } : { refusal: conflict };
      }
      const refusal = checkNew(event);
      if (refusal) return { refusal };
      if (event.type !== "fabric-lot")
        for (const input of event.body.inputs) lot(input.lotId)!.remaining -= input.quantity.amount;
      return { repeat: false };
    },
  };
}
