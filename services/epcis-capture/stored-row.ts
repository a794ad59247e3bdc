/**
 * The row a captured event is kept under in the EPCIS repository (services/service-db/epcis-events.ts),
 * derived from its stored form alone (the canonical JSON put in IPFS) plus where the capture put it: the
 * capture writes rows with it, and a rebuild from the chain's commitments (./rebuild.ts) makes the same rows
 * from the same records.
 */
import { bizStepWord, canonicalTime, isJsonObject, normaliseGs1Identifier } from "../epcis/index";
import type { JsonObject, JsonValue } from "../epcis/index";
import type { EpcisEventOutcome, StoredEpcisEvent } from "../service-db/epcis-events";

/** The identifiers an event names, canonical where they are GS1 identifiers. */
function identifiersOf(event: JsonObject): { epcs: string[]; epcClasses: string[] } {
  const canonical = (value: JsonValue | undefined): string[] =>
    typeof value === "string" ? [normaliseGs1Identifier(value) ?? value] : [];
  const list = (value: JsonValue | undefined) => (Array.isArray(value) ? value : []);
  const epcs = [
    ...["epcList", "childEPCs", "inputEPCList", "outputEPCList"].flatMap((name) =>
      list(event[name]).flatMap(canonical),
    ),
    ...canonical(event.parentID),
  ];
  const epcClasses = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"].flatMap(
    (name) =>
      list(event[name]).flatMap((element) => (isJsonObject(element) ? canonical(element.epcClass) : [])),
  );
  return { epcs, epcClasses };
}

export interface StoredRowPlacement {
  eventHash: string;
  captureId: string;
  facilityId: string;
  outcome: EpcisEventOutcome;
  /** The lot a recorded event made. */
  lotId: string | null;
  recordCid: string;
  captureRoot: string;
  proof: string[];
}

/**
 * The repository row of `stored` (the event with its `eventID` and `recordTime`, as put in IPFS).
 *
 * @example
 * storedEventRow(stored, { eventHash, captureId, facilityId, outcome: "kept", lotId: null, recordCid, captureRoot, proof });
 */
export function storedEventRow(stored: JsonObject, placement: StoredRowPlacement): StoredEpcisEvent {
  return {
    eventHash: placement.eventHash,
    eventID: typeof stored.eventID === "string" ? stored.eventID : placement.eventHash,
    captureId: placement.captureId,
    facilityId: placement.facilityId,
    outcome: placement.outcome,
    lotId: placement.lotId,
    eventType: typeof stored.type === "string" ? stored.type : "",
    eventTime: typeof stored.eventTime === "string" ? canonicalTime(stored.eventTime) : "",
    recordTime: typeof stored.recordTime === "string" ? stored.recordTime : "",
    bizStep: bizStepWord(stored.bizStep) ?? null,
    bizLocation:
      isJsonObject(stored.bizLocation) && typeof stored.bizLocation.id === "string"
        ? stored.bizLocation.id
        : null,
    recordCid: placement.recordCid,
    captureRoot: placement.captureRoot,
    proof: placement.proof,
    event: stored,
    ...identifiersOf(stored),
  };
}
