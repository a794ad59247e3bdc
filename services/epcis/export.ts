/**
 * A lot's upstream provenance as an EPCIS 2.0 `EPCISDocument`: one event per record, written by the mapping
 * table of README.md so that {@link mapEpcisEvent} gives back the same bodies. Each event carries its CBV 2.0
 * event hash as `eventID`, so a brand's system that re-captures the document records each event once.
 */
import type { EventRecord } from "../records/events";
import type { JsonObject, JsonValue } from "./document";
import { EPCIS_CONTEXT_URL, THREADPROOF_NAMESPACE, THREADPROOF_PREFIX } from "./document";
import { eventHash } from "./event-hash";
import { lotDigitalLink } from "./identifiers";
import { threadproofFacilityUri, threadproofLotUri, UNIT_TO_UOM } from "./mapping";

const tp = (name: string) => `${THREADPROOF_PREFIX}:${name}`;

/** `+07:00` for `2026-03-01T08:00:00+07:00`, `+00:00` for `…Z`. */
function offsetOf(timestamp: string): string {
  const match = /([+-]\d{2}:\d{2}|Z)$/.exec(timestamp);
  return !match || match[1] === "Z" ? "+00:00" : (match[1] as string);
}

/** Drops undefined members, so the document holds only what the record states. */
function defined(entries: Record<string, JsonValue | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as JsonObject;
}

const asJson = (value: unknown): JsonValue | undefined =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as JsonValue);

/** The line and equipment a cutting or sewing ran on, as event fields (`tp:lineId`, `tp:equipmentId`). */
const ranOnOf = (record: { lineId?: string; equipmentId?: string }): JsonObject =>
  defined({ [tp("lineId")]: record.lineId, [tp("equipmentId")]: record.equipmentId });

export interface ExportProvenanceParameters {
  /** The records of the lot and of every lot upstream of it, in any order. */
  records: readonly EventRecord[];
  /** The document's creation date (ISO 8601); the caller's clock, so that this function stays pure. */
  creationDate: string;
}

/**
 * The `EPCISDocument` of a lot's upstream provenance, events in time order.
 *
 * @example
 * const document = exportProvenance({ records, creationDate: new Date().toISOString() });
 * validateEpcisDocument(document).valid === true;
 */
export function exportProvenance({ records, creationDate }: ExportProvenanceParameters): JsonObject {
  const context: JsonValue = [EPCIS_CONTEXT_URL, { [THREADPROOF_PREFIX]: THREADPROOF_NAMESPACE }];
  const gtinOfLot = new Map<string, string>();
  for (const record of records) if (record.type === "sewing") gtinOfLot.set(record.id, record.product.gtin);
  const classOf = (lotId: string) => {
    const gtin = gtinOfLot.get(lotId);
    return gtin ? lotDigitalLink(gtin, lotId) : threadproofLotUri(lotId);
  };
  const element = (lotId: string, quantity: { amount: number; unit: keyof typeof UNIT_TO_UOM }) => ({
    epcClass: classOf(lotId),
    quantity: quantity.amount,
    uom: UNIT_TO_UOM[quantity.unit],
  });

  const events = [...records]
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id))
    .map((record) => {
      const base: JsonObject = {
        type: "ObjectEvent",
        eventTime: record.occurredAt,
        eventTimeZoneOffset: offsetOf(record.occurredAt),
      };
      const where = { bizLocation: { id: threadproofFacilityUri(record.facilityId) } };
      const documents =
        record.documents.length > 0
          ? { [tp("documents")]: record.documents.map(({ type, cid }) => ({ type, cid })) }
          : {};
      let event: JsonObject;
      switch (record.type) {
        case "fabric-lot":
          event = {
            ...base,
            quantityList: [element(record.id, record.quantity)],
            action: "ADD",
            bizStep: "commissioning",
            ...where,
            ilmd: defined({
              [tp("description")]: record.description,
              [tp("hsCode")]: record.hsCode,
              [tp("composition")]: asJson(record.composition),
              [tp("weightKg")]: record.weightKg,
              [tp("value")]: asJson(record.value),
              [tp("supplier")]: asJson(record.supplier),
              [tp("stages")]: asJson(record.stages),
              [tp("originating")]: asJson(record.originating),
            }),
            ...documents,
          };
          break;
        case "cutting": {
          const roles = Object.fromEntries(
            record.inputs.flatMap((input) => (input.role ? [[input.lotId, input.role]] : [])),
          );
          event = {
            ...base,
            type: "TransformationEvent",
            inputQuantityList: record.inputs.map((input) => element(input.lotId, input.quantity)),
            outputQuantityList: [element(record.id, record.output.quantity)],
            bizStep: "creating_class_instance",
            ...where,
            ...(record.output.style ? { ilmd: { [tp("style")]: record.output.style } } : {}),
            ...(Object.keys(roles).length > 0 ? { [tp("inputRoles")]: roles } : {}),
            ...ranOnOf(record),
            ...documents,
          };
          break;
        }
        case "sewing": {
          const { gtin: _inTheIdentifier, ...product } = record.product;
          event = {
            ...base,
            type: "TransformationEvent",
            inputQuantityList: record.inputs.map((input) => element(input.lotId, input.quantity)),
            outputQuantityList: [element(record.id, record.output.quantity)],
            bizStep: "assembling",
            ...where,
            ilmd: defined({ [tp("product")]: asJson(product), [tp("trims")]: asJson(record.trims) }),
            ...ranOnOf(record),
            ...documents,
          };
          break;
        }
        case "shipment":
          event = {
            ...base,
            quantityList: record.inputs.map((input) => element(input.lotId, input.quantity)),
            action: "OBSERVE",
            bizStep: "shipping",
            ...where,
            ...(record.toFacilityId
              ? {
                  destinationList: [
                    { type: "owning_party", destination: threadproofFacilityUri(record.toFacilityId) },
                  ],
                }
              : {}),
            ...defined({
              [tp("shipmentId")]: record.id,
              [tp("buyer")]: asJson(record.buyer),
              [tp("destinationCountry")]: record.destinationCountry,
              [tp("invoiceNumber")]: record.invoiceNumber,
            }),
            ...documents,
          };
          break;
      }
      return { eventID: eventHash({ event, context }), ...event };
    });

  return {
    "@context": context,
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate,
    epcisBody: { eventList: events },
  };
}
