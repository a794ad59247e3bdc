/**
 * From an EPCIS 2.0 event to the threadproof event it records — a fabric lot, a cutting, a sewing or a
 * shipment (hand-over) — or to "keep it as an anchored event only". The table is in README.md ("Mapping");
 * in short:
 *
 * | threadproof   | EPCIS event         | action | bizStep                 | quantities                              |
 * | fabric lot    | ObjectEvent         | ADD    | commissioning/receiving | quantityList: the lot (MTR or KGM)      |
 * | cutting       | TransformationEvent |        | creating_class_instance | inputQuantityList → outputQuantityList  |
 * | sewing        | TransformationEvent |        | assembling              | inputQuantityList → outputQuantityList  |
 * | shipment      | ObjectEvent         | OBSERVE| shipping                | quantityList: the lots shipped          |
 *
 * An event is threadproof's when it uses the threadproof namespace ({@link THREADPROOF_NAMESPACE}, declared in
 * the document's `@context` under any prefix, `tp:` by convention). One that does not is kept as an anchored
 * event (an inspection, a dyeing, a certification, anything else); one that does but fits no row, or lacks
 * what its kind needs, is refused with issues naming the event and the field.
 *
 * The mapped body is checked against the same record schemas the JSON endpoints use, so an EPCIS event
 * records exactly what the JSON endpoint records.
 */
import type { z } from "zod";
import { EVENT_BODY_SCHEMAS } from "../records/events";
import type { EventBody } from "../records/events";
import type { EpcisContext, JsonObject, JsonValue } from "./document";
import { isJsonObject, namespacesOf, THREADPROOF_NAMESPACE } from "./document";
import { gtinLotOf } from "./identifiers";
import type { EpcisIssue } from "./validate";

/** UN/ECE Recommendation 20 units of measure and threadproof's units. */
export const UOM_TO_UNIT = { MTR: "m", KGM: "kg", H87: "pcs", C62: "pcs" } as const;
export const UNIT_TO_UOM = { m: "MTR", kg: "KGM", pcs: "H87" } as const;

const BIZ_STEP_PREFIXES = ["https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:", "cbv:BizStep-"];

/** The bare CBV word of a bizStep in any of its spellings. */
export function bizStepWord(value: JsonValue | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  for (const prefix of BIZ_STEP_PREFIXES) if (value.startsWith(prefix)) return value.slice(prefix.length);
  return value;
}

/** The threadproof identifier of a lot: `https://threadproof.example/epcis/lot/{id}`. */
export function threadproofLotUri(id: string): string {
  return `${THREADPROOF_NAMESPACE}lot/${encodeURIComponent(id)}`;
}

/** The threadproof identifier of a facility: `https://threadproof.example/epcis/facility/{id}`. */
export function threadproofFacilityUri(id: string): string {
  return `${THREADPROOF_NAMESPACE}facility/${encodeURIComponent(id)}`;
}

export type EpcisMapping =
  /** A threadproof event, and the facility the event says it happened at (`bizLocation`), if it names one. */
  | { kind: "event"; event: EventBody; facilityId?: string }
  /** Not a threadproof event: kept as an anchored EPCIS event only. */
  | { kind: "anchored" }
  /** Uses the threadproof namespace but does not make a valid threadproof event. */
  | { kind: "invalid"; issues: EpcisIssue[] };

export interface MapEpcisEventParameters {
  event: JsonObject;
  /** The document's `@context`, which declares the threadproof prefix. */
  context?: EpcisContext;
  /** Where the event sits: its index in `eventList` and its JSON pointer (issues name both). */
  index?: number;
  pointer?: string;
}

/** Reads threadproof fields of one event, whatever prefix its document declared for the namespace. */
class Reader {
  readonly issues: EpcisIssue[] = [];
  private readonly prefixes: string[];

  constructor(
    private readonly event: JsonObject,
    context: EpcisContext | undefined,
    private readonly where: { index?: number; pointer: string; eventID?: string },
  ) {
    const namespaces = { ...namespacesOf(context), ...namespacesOf(event["@context"]) };
    this.prefixes = Object.entries(namespaces)
      .filter(([, iri]) => iri === THREADPROOF_NAMESPACE)
      .map(([prefix]) => prefix);
  }

  /** The key under which `object` holds the threadproof field `name`, if it holds it. */
  keyOf(object: JsonObject, name: string): string | undefined {
    const keys = [...this.prefixes.map((prefix) => `${prefix}:${name}`), `${THREADPROOF_NAMESPACE}${name}`];
    return keys.find((key) => object[key] !== undefined);
  }

  /**
   * True when the event uses the threadproof namespace at all: a field (at the event or in its ilmd), a lot
   * in one of its quantity lists, or its bizLocation.
   */
  usesThreadproof(): boolean {
    const isOurs = (key: string) =>
      key.startsWith(THREADPROOF_NAMESPACE) || this.prefixes.some((prefix) => key.startsWith(`${prefix}:`));
    const ilmd = this.event.ilmd;
    const classes = ["quantityList", "inputQuantityList", "outputQuantityList"].flatMap((list) => {
      const elements = this.event[list];
      return Array.isArray(elements)
        ? elements.flatMap((element) =>
            isJsonObject(element) && typeof element.epcClass === "string" ? [element.epcClass] : [],
          )
        : [];
    });
    const location = isJsonObject(this.event.bizLocation) ? this.event.bizLocation.id : undefined;
    return (
      Object.keys(this.event).some(isOurs) ||
      (isJsonObject(ilmd) && Object.keys(ilmd).some(isOurs)) ||
      classes.some(isOurs) ||
      (typeof location === "string" && isOurs(location))
    );
  }

  /** A threadproof field of the event (`at: "ilmd"` for the ilmd), with the JSON pointer it came from. */
  field(name: string, at: "event" | "ilmd" = "event"): { value: JsonValue | undefined; pointer: string } {
    const holder = at === "ilmd" ? this.event.ilmd : this.event;
    const base = at === "ilmd" ? `${this.where.pointer}/ilmd` : this.where.pointer;
    if (!isJsonObject(holder))
      return { value: undefined, pointer: `${base}/${this.prefixes[0] ?? "tp"}:${name}` };
    const key = this.keyOf(holder, name);
    return {
      value: key ? holder[key] : undefined,
      pointer: `${base}/${key ?? `${this.prefixes[0] ?? "tp"}:${name}`}`,
    };
  }

  /** A lot id from a class-level identifier: a threadproof lot URI (or CURIE), an LGTIN or a Digital Link. */
  lotIdOf(uri: string): string | null {
    const iri = this.expand(uri);
    if (iri.startsWith(`${THREADPROOF_NAMESPACE}lot/`)) {
      return decodeURIComponent(iri.slice(`${THREADPROOF_NAMESPACE}lot/`.length));
    }
    return gtinLotOf(uri)?.lot ?? null;
  }

  /** The facility id of a threadproof facility URI (or CURIE), or null. */
  facilityIdOf(uri: JsonValue | undefined): string | null {
    if (typeof uri !== "string") return null;
    const iri = this.expand(uri);
    const prefix = `${THREADPROOF_NAMESPACE}facility/`;
    return iri.startsWith(prefix) ? decodeURIComponent(iri.slice(prefix.length)) : null;
  }

  private expand(uri: string): string {
    const prefix = this.prefixes.find((candidate) => uri.startsWith(`${candidate}:`));
    return prefix ? `${THREADPROOF_NAMESPACE}${uri.slice(prefix.length + 1)}` : uri;
  }

  fail(pointer: string, message: string): void {
    const issue: EpcisIssue = { pointer, message, keyword: "threadproof" };
    if (this.where.index !== undefined) issue.eventIndex = this.where.index;
    if (this.where.eventID !== undefined) issue.eventID = this.where.eventID;
    this.issues.push(issue);
  }

  /**
   * The lots and quantities of a quantity list: `{ lotId, quantity }` each, or null with issues. `uoms` are
   * the units the kind accepts.
   */
  quantities(
    listName: "quantityList" | "inputQuantityList" | "outputQuantityList",
    uoms: readonly (keyof typeof UOM_TO_UNIT)[],
  ): { lotId: string; quantity: { amount: number; unit: "m" | "kg" | "pcs" }; gtin?: string }[] | null {
    const pointer = `${this.where.pointer}/${listName}`;
    const list = this.event[listName];
    if (!Array.isArray(list) || list.length === 0) {
      this.fail(pointer, `must list the lots and their quantities (${listName})`);
      return null;
    }
    const result = [];
    for (const [position, element] of list.entries()) {
      const at = `${pointer}/${position}`;
      if (!isJsonObject(element) || typeof element.epcClass !== "string") {
        this.fail(at, "must be a quantity element with an epcClass");
        return null;
      }
      const lotId = this.lotIdOf(element.epcClass);
      if (lotId === null) {
        this.fail(
          `${at}/epcClass`,
          "must name a lot: a threadproof lot URI, an LGTIN (urn:epc:class:lgtin:…) or a Digital Link …/01/{gtin}/10/{lot}",
        );
        return null;
      }
      const uom = (typeof element.uom === "string" ? element.uom : "H87") as keyof typeof UOM_TO_UNIT;
      if (!uoms.includes(uom)) {
        this.fail(`${at}/uom`, `must be one of ${uoms.join(", ")} (metres, kilograms or pieces)`);
        return null;
      }
      if (typeof element.quantity !== "number") {
        this.fail(`${at}/quantity`, "must give the quantity");
        return null;
      }
      const gtin = gtinLotOf(element.epcClass)?.gtin;
      result.push({
        lotId,
        quantity: { amount: element.quantity, unit: UOM_TO_UNIT[uom] },
        ...(gtin ? { gtin } : {}),
      });
    }
    return result;
  }
}

function optional<T extends JsonValue | undefined>(entries: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Record<
    string,
    T
  >;
}

/** Where each body field came from, so that a schema issue names the EPCIS field. */
type Sources = Record<string, string>;

function check(
  reader: Reader,
  type: EventBody["type"],
  body: Record<string, unknown>,
  sources: Sources,
  facilityId: string | null,
): EpcisMapping {
  if (reader.issues.length > 0) return { kind: "invalid", issues: reader.issues };
  const parsed = EVENT_BODY_SCHEMAS[type].safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, ...rest] = issue.path.map(String);
      const source = (head && sources[head]) ?? sources["*"] ?? "";
      const tail = rest.length > 0 ? `/${rest.join("/")}` : "";
      reader.fail(`${source}${tail}`, `${[head, ...rest].filter(Boolean).join(".")}: ${issue.message}`);
    }
    return { kind: "invalid", issues: reader.issues };
  }
  // The parsed body, not the stated one: the same defaults and trimming the JSON endpoint applies.
  const event = { type, body: parsed.data } as EventBody;
  return facilityId ? { kind: "event", event, facilityId } : { kind: "event", event };
}

/**
 * The threadproof event an EPCIS event records, "anchored" for an event that is not threadproof's, or the
 * issues that keep a threadproof event from being recorded.
 *
 * @example
 * const mapping = mapEpcisEvent({ event, context: document["@context"], index: 0 });
 * if (mapping.kind === "event") await recordEvent(mapping.event);
 */
export function mapEpcisEvent({ event, context, index, pointer }: MapEpcisEventParameters): EpcisMapping {
  const at = pointer ?? (index === undefined ? "" : `/epcisBody/eventList/${index}`);
  const where = {
    pointer: at,
    ...(index === undefined ? {} : { index }),
    ...(typeof event.eventID === "string" ? { eventID: event.eventID } : {}),
  };
  const reader = new Reader(event, context, where);
  if (!reader.usesThreadproof()) return { kind: "anchored" };

  const step = bizStepWord(event.bizStep);
  const facilityId = isJsonObject(event.bizLocation) ? reader.facilityIdOf(event.bizLocation.id) : null;
  const documents = reader.field("documents");
  const common = optional({ occurredAt: event.eventTime, documents: documents.value });
  const commonSources: Sources = { occurredAt: `${at}/eventTime`, documents: documents.pointer, "*": at };

  if (
    event.type === "ObjectEvent" &&
    event.action === "ADD" &&
    (step === "commissioning" || step === "receiving")
  ) {
    const lots = reader.quantities("quantityList", ["MTR", "KGM"]);
    if (lots && lots.length !== 1)
      reader.fail(`${at}/quantityList`, "a fabric lot event lists exactly one lot");
    const lot = lots?.[0];
    const ilmdField = (name: string) => reader.field(name, "ilmd");
    const names = [
      "description",
      "hsCode",
      "composition",
      "weightKg",
      "value",
      "supplier",
      "stages",
      "originating",
    ];
    const fields = Object.fromEntries(names.map((name) => [name, ilmdField(name)]));
    const body = {
      ...(lot ? { id: lot.lotId, quantity: lot.quantity } : {}),
      ...optional(Object.fromEntries(names.map((name) => [name, fields[name]?.value]))),
      ...common,
    };
    const sources: Sources = {
      ...commonSources,
      id: `${at}/quantityList/0/epcClass`,
      quantity: `${at}/quantityList/0`,
      ...Object.fromEntries(names.map((name) => [name, fields[name]?.pointer ?? at])),
    };
    return check(reader, "fabric-lot", body, sources, facilityId);
  }

  if (event.type === "TransformationEvent" && (step === "creating_class_instance" || step === "assembling")) {
    const cutting = step === "creating_class_instance";
    const inputs = reader.quantities(
      "inputQuantityList",
      cutting ? ["MTR", "KGM", "H87", "C62"] : ["H87", "C62"],
    );
    const outputs = reader.quantities("outputQuantityList", ["H87", "C62"]);
    if (outputs && outputs.length !== 1) {
      reader.fail(`${at}/outputQuantityList`, `a ${cutting ? "cutting" : "sewing"} makes exactly one lot`);
    }
    const output = outputs?.[0];
    const roles = reader.field("inputRoles");
    const roleOf = (lotId: string): JsonValue | undefined =>
      isJsonObject(roles.value) ? roles.value[lotId] : undefined;
    // The registered line and equipment it ran on (the use case checks the facility registered them).
    const lineId = reader.field("lineId");
    const equipmentId = reader.field("equipmentId");
    const ranOn = optional({ lineId: lineId.value, equipmentId: equipmentId.value });
    const sources: Sources = {
      ...commonSources,
      id: `${at}/outputQuantityList/0/epcClass`,
      inputs: `${at}/inputQuantityList`,
      output: `${at}/outputQuantityList/0`,
      lineId: lineId.pointer,
      equipmentId: equipmentId.pointer,
    };
    if (cutting) {
      const style = reader.field("style", "ilmd");
      sources.output = style.value === undefined ? `${at}/outputQuantityList/0` : style.pointer;
      const body = {
        ...(output
          ? { id: output.lotId, output: optional({ quantity: output.quantity, style: style.value }) }
          : {}),
        ...(inputs
          ? {
              inputs: inputs.map((input) =>
                optional({ lotId: input.lotId, quantity: input.quantity, role: roleOf(input.lotId) }),
              ),
            }
          : {}),
        ...ranOn,
        ...common,
      };
      return check(reader, "cutting", body, sources, facilityId);
    }
    const product = reader.field("product", "ilmd");
    const trims = reader.field("trims", "ilmd");
    if (output && !output.gtin) {
      reader.fail(
        `${at}/outputQuantityList/0/epcClass`,
        "a garment batch is named by its GTIN and lot: …/01/{gtin}/10/{lot}",
      );
    }
    const body = {
      ...(output ? { id: output.lotId, output: { quantity: output.quantity } } : {}),
      ...(inputs
        ? { inputs: inputs.map((input) => ({ lotId: input.lotId, quantity: input.quantity })) }
        : {}),
      ...optional({ trims: trims.value }),
      product: isJsonObject(product.value) ? { gtin: output?.gtin, ...product.value } : product.value,
      ...ranOn,
      ...common,
    };
    sources.product = product.pointer;
    sources.trims = trims.pointer;
    return check(reader, "sewing", body, sources, facilityId);
  }

  if (event.type === "ObjectEvent" && event.action === "OBSERVE" && step === "shipping") {
    const inputs = reader.quantities("quantityList", ["MTR", "KGM", "H87", "C62"]);
    const id = reader.field("shipmentId");
    const buyer = reader.field("buyer");
    const destinationCountry = reader.field("destinationCountry");
    const invoiceNumber = reader.field("invoiceNumber");
    const destinations = Array.isArray(event.destinationList) ? event.destinationList : [];
    const toFacilityId = destinations
      .filter(isJsonObject)
      .map((destination) => reader.facilityIdOf(destination.destination))
      .find((found) => found !== null);
    const body = {
      ...optional({ id: id.value, buyer: buyer.value, destinationCountry: destinationCountry.value }),
      ...optional({ invoiceNumber: invoiceNumber.value, toFacilityId: toFacilityId ?? undefined }),
      ...(inputs
        ? { inputs: inputs.map((input) => ({ lotId: input.lotId, quantity: input.quantity })) }
        : {}),
      ...common,
    };
    const sources: Sources = {
      ...commonSources,
      id: id.pointer,
      buyer: buyer.pointer,
      destinationCountry: destinationCountry.pointer,
      invoiceNumber: invoiceNumber.pointer,
      toFacilityId: `${at}/destinationList`,
      inputs: `${at}/quantityList`,
    };
    return check(reader, "shipment", body, sources, facilityId);
  }

  reader.fail(
    at,
    "uses the threadproof namespace but is none of its events: a fabric lot (ObjectEvent ADD, commissioning or receiving), a cutting (TransformationEvent, creating_class_instance), a sewing (TransformationEvent, assembling) or a shipment (ObjectEvent OBSERVE, shipping)",
  );
  return { kind: "invalid", issues: reader.issues };
}

/** The zod schema of each mapped body (the JSON endpoints' body schemas, derived the same way from the records). */
export const EPCIS_EVENT_BODY_SCHEMAS: { [K in EventBody["type"]]: z.ZodType } = EVENT_BODY_SCHEMAS;
