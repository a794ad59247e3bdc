import { beforeAll, describe, expect, it } from "vitest";
import {
  CuttingBodySchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "../../../services/http/schemas/events";
import { eventsOf } from "../../../services/epcis/document";
import type { JsonObject } from "../../../services/epcis/document";
import { exportProvenance } from "../../../services/epcis/export";
import { mapEpcisEvent } from "../../../services/epcis/mapping";
import { createEpcisValidator } from "../../../services/epcis/validate";
import type { EpcisValidator } from "../../../services/epcis/validate";
import { buildEventRecord, EVENT_ENVELOPE } from "../../../services/records/events";
import type { EventBody, EventRecord } from "../../../services/records/events";
import { readStandardsJson } from "../../support/standards";
import { BODIES, CITATIONS, FACILITY_ID, GARMENTS } from "../records/fixtures/bodies";

const HTTP_BODY_SCHEMAS = {
  "fabric-lot": FabricLotBodySchema,
  cutting: CuttingBodySchema,
  sewing: SewingBodySchema,
  shipment: ShipmentBodySchema,
} as const;

const CONTEXT = [
  "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
  { tp: "https://threadproof.example/epcis/" },
];
const documentOf = (events: JsonObject[], context: unknown = CONTEXT) => ({
  "@context": context,
  type: "EPCISDocument",
  schemaVersion: "2.0",
  creationDate: "2026-03-10T00:00:00Z",
  epcisBody: { eventList: events },
});

let validate: EpcisValidator;
beforeAll(() => {
  validate = createEpcisValidator(readStandardsJson<object>("epcis", "EPCIS-JSON-Schema.json"));
});

/** Hand-written EPCIS events for each threadproof kind, as a factory's ERP would send them. */
const FABRIC: JsonObject = {
  type: "ObjectEvent",
  eventTime: "2026-03-01T08:00:00+07:00",
  eventTimeZoneOffset: "+07:00",
  quantityList: [{ epcClass: "tp:lot/FL-0001", quantity: 1200, uom: "MTR" }],
  action: "ADD",
  bizStep: "receiving",
  bizLocation: { id: "https://threadproof.example/epcis/facility/tng-song-cong" },
  ilmd: {
    "tp:description": "cotton single jersey 180 gsm",
    "tp:hsCode": "6006.21",
    "tp:composition": [
      { fibre: "cotton", percent: 95 },
      { fibre: "elastane", percent: 5, elastomeric: true },
    ],
    "tp:supplier": { name: "Hanil Textile", country: "KR" },
    "tp:stages": [{ stage: "spinning", country: "KR" }],
  },
};
const CUTTING: JsonObject = {
  type: "TransformationEvent",
  eventTime: "2026-03-02T08:00:00Z",
  eventTimeZoneOffset: "+00:00",
  inputQuantityList: [
    { epcClass: "https://threadproof.example/epcis/lot/FL-0001", quantity: 300, uom: "MTR" },
  ],
  outputQuantityList: [{ epcClass: "tp:lot/CUT-0001", quantity: 2400, uom: "H87" }],
  bizStep: "creating_class_instance",
  ilmd: { "tp:style": "TS-01" },
  "tp:inputRoles": { "FL-0001": "main-fabric" },
};
const SEWING: JsonObject = {
  type: "TransformationEvent",
  eventTime: "2026-03-03T08:00:00Z",
  eventTimeZoneOffset: "+00:00",
  inputQuantityList: [{ epcClass: "tp:lot/CUT-0001", quantity: 2400 }],
  outputQuantityList: [
    { epcClass: "urn:epc:class:lgtin:8938505.097401.SEW-0001", quantity: 1200, uom: "H87" },
  ],
  bizStep: "https://ref.gs1.org/cbv/BizStep-assembling",
  ilmd: {
    "tp:product": {
      hsCode: "6109.10",
      description: "men's cotton T-shirt",
      construction: "cut-and-sewn",
      exWorksPrice: { amount: 4.2, currency: "USD" },
    },
  },
};
const SHIPMENT: JsonObject = {
  type: "ObjectEvent",
  eventTime: "2026-03-05T08:00:00Z",
  eventTimeZoneOffset: "+00:00",
  quantityList: [
    { epcClass: "https://id.gs1.org/01/08938505974019/10/SEW-0001", quantity: 1000, uom: "H87" },
  ],
  action: "OBSERVE",
  bizStep: "shipping",
  "tp:shipmentId": "SHP-0001",
  "tp:buyer": { name: "Nordwind GmbH", country: "DE" },
  "tp:destinationCountry": "DE",
  "tp:invoiceNumber": "INV-2026-114",
};
const HANDOVER: JsonObject = {
  ...SHIPMENT,
  "tp:shipmentId": "SHP-0002",
  "tp:buyer": undefined as never,
  "tp:destinationCountry": undefined as never,
  "tp:invoiceNumber": undefined as never,
  destinationList: [{ type: "owning_party", destination: "tp:facility/dc-hanoi" }],
};
for (const key of Object.keys(HANDOVER)) if (HANDOVER[key] === undefined) delete HANDOVER[key];

const mapped = (event: JsonObject, context: unknown = CONTEXT) =>
  mapEpcisEvent({ event, context: context as never, index: 0 });

describe("mapping EPCIS events to threadproof's events", () => {
  it("makes the hand-written events valid EPCIS", () => {
    expect(validate(documentOf([FABRIC, CUTTING, SEWING, SHIPMENT, HANDOVER]))).toEqual({ valid: true });
  });

  it.each([
    ["a fabric lot", FABRIC, "fabric-lot", { id: "FL-0001", quantity: { amount: 1200, unit: "m" } }],
    [
      "a cutting",
      CUTTING,
      "cutting",
      { id: "CUT-0001", output: { quantity: { amount: 2400, unit: "pcs" }, style: "TS-01" } },
    ],
    [
      "a sewing",
      SEWING,
      "sewing",
      { id: "SEW-0001", inputs: [{ lotId: "CUT-0001", quantity: { amount: 2400, unit: "pcs" } }] },
    ],
    [
      "a shipment",
      SHIPMENT,
      "shipment",
      { id: "SHP-0001", destinationCountry: "DE", invoiceNumber: "INV-2026-114" },
    ],
    ["a hand-over", HANDOVER, "shipment", { id: "SHP-0002", toFacilityId: "dc-hanoi" }],
  ] as const)(
    "maps %s, and its body is valid against the JSON endpoint's schema",
    (_name, event, type, expected) => {
      const result = mapped(event);
      expect(result.kind).toBe("event");
      if (result.kind !== "event") return;
      expect(result.event.type).toBe(type);
      expect(result.event.body).toMatchObject(expected);
      expect(HTTP_BODY_SCHEMAS[type].safeParse(result.event.body).success).toBe(true);
    },
  );

  it("takes the GTIN of a garment batch from its LGTIN, the lot id from its lot", () => {
    const result = mapped(SEWING);
    expect(result.kind === "event" && result.event.type === "sewing" && result.event.body.product.gtin).toBe(
      "08938505974019",
    );
  });

  it("names the facility the event says it happened at", () => {
    const result = mapped(FABRIC);
    expect(result.kind === "event" && result.facilityId).toBe("tng-song-cong");
  });

  it("reads the threadproof namespace under any prefix the document declares", () => {
    const renamed = JSON.parse(JSON.stringify(FABRIC).replaceAll('"tp:', '"thp:')) as JsonObject;
    const result = mapped(renamed, [
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
      { thp: "https://threadproof.example/epcis/" },
    ]);
    expect(result.kind).toBe("event");
  });

  const GS1_ONLY: JsonObject = {
    type: "ObjectEvent",
    eventTime: "2026-03-04T08:00:00Z",
    eventTimeZoneOffset: "+00:00",
    quantityList: [{ epcClass: "urn:epc:class:lgtin:8938505.097401.SEW-0001", quantity: 20, uom: "H87" }],
    action: "OBSERVE",
    bizStep: "inspecting",
    bizLocation: { id: "urn:epc:id:sgln:8938505.00001.0" },
  };

  it("keeps an event without threadproof fields or identifiers as an anchored event", () => {
    expect(validate(documentOf([GS1_ONLY]))).toEqual({ valid: true });
    expect(mapped(GS1_ONLY)).toEqual({ kind: "anchored" });
    expect(mapped({ ...GS1_ONLY, action: "ADD", bizStep: "commissioning" })).toEqual({ kind: "anchored" });
  });

  it("maps an event that names a threadproof facility or lot, and refuses it when it is incomplete", () => {
    const here = { ...GS1_ONLY, bizLocation: { id: "tp:facility/tng-song-cong" } };
    const result = mapped(here);
    expect(result.kind).toBe("invalid");
  });

  it("does not read an undeclared tp: prefix as the threadproof namespace", () => {
    const undeclared = { ...FABRIC, bizLocation: { id: "urn:epc:id:sgln:8938505.00001.0" } };
    expect(mapped(undeclared, ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"])).toEqual({
      kind: "anchored",
    });
    expect(mapped(undeclared).kind).toBe("event");
  });

  it("refuses a threadproof event of no known shape, naming the event", () => {
    const result = mapped({ ...CUTTING, bizStep: "packing" });
    expect(result.kind).toBe("invalid");
    if (result.kind !== "invalid") return;
    expect(result.issues[0]).toMatchObject({ pointer: "/epcisBody/eventList/0", eventIndex: 0 });
  });

  it("refuses a fabric lot in pieces, naming the uom", () => {
    const result = mapped({
      ...FABRIC,
      quantityList: [{ epcClass: "tp:lot/FL-0001", quantity: 1200, uom: "H87" }],
    });
    expect(result.kind === "invalid" && result.issues.map((issue) => issue.pointer)).toEqual([
      "/epcisBody/eventList/0/quantityList/0/uom",
    ]);
  });

  it("refuses a quantity element that names no lot, naming the epcClass", () => {
    const result = mapped({
      ...CUTTING,
      inputQuantityList: [{ epcClass: "urn:epc:idpat:sgtin:4012345.012345.*", quantity: 3, uom: "MTR" }],
    });
    expect(result.kind === "invalid" && result.issues[0]?.pointer).toBe(
      "/epcisBody/eventList/0/inputQuantityList/0/epcClass",
    );
  });

  it("refuses a fabric lot whose composition does not add up, naming the ilmd field", () => {
    const ilmd = { ...(FABRIC.ilmd as JsonObject), "tp:composition": [{ fibre: "cotton", percent: 90 }] };
    const result = mapped({ ...FABRIC, ilmd });
    expect(result.kind).toBe("invalid");
    if (result.kind !== "invalid") return;
    expect(result.issues[0]?.pointer).toBe("/epcisBody/eventList/0/ilmd/tp:composition");
    expect(result.issues[0]?.message).toContain("100");
  });

  it("refuses a sewing whose batch has no GTIN, and an export without its buyer", () => {
    const noGtin = mapped({
      ...SEWING,
      outputQuantityList: [{ epcClass: "tp:lot/SEW-0001", quantity: 1200, uom: "H87" }],
    });
    expect(noGtin.kind === "invalid" && noGtin.issues[0]?.pointer).toBe(
      "/epcisBody/eventList/0/outputQuantityList/0/epcClass",
    );
    const { "tp:buyer": _buyer, ...noBuyer } = SHIPMENT;
    const result = mapped(noBuyer);
    expect(result.kind === "invalid" && result.issues[0]?.pointer).toBe("/epcisBody/eventList/0/tp:buyer");
  });

  it("refuses more than 3 decimals, as the JSON endpoint does", () => {
    const result = mapped({
      ...SHIPMENT,
      quantityList: [{ epcClass: "tp:lot/SEW-0001", quantity: 1.0001, uom: "H87" }],
    });
    expect(result.kind).toBe("invalid");
  });
});

describe("exporting a lot's provenance as an EPCISDocument", () => {
  const bodies: EventBody[] = [
    ...BODIES["fabric-lot"].map((body) => ({ type: "fabric-lot", body }) as unknown as EventBody),
    ...BODIES.cutting.map((body) => ({ type: "cutting", body }) as unknown as EventBody),
    ...BODIES.sewing.map((body) => ({ type: "sewing", body }) as unknown as EventBody),
    ...BODIES.shipment.map((body) => ({ type: "shipment", body }) as unknown as EventBody),
  ];
  const records: EventRecord[] = bodies.map((event) =>
    buildEventRecord(
      JSON.parse(JSON.stringify(event)) as EventBody,
      FACILITY_ID,
      (event.body.documents ?? []).map((reference) =>
        CITATIONS.find((citation) => citation.type === reference.type)!,
      ),
      event.type === "sewing"
        ? ({
            ...GARMENTS,
            count: (event.body as { output: { quantity: { amount: number } } }).output.quantity.amount,
          } as never)
        : undefined,
    ),
  );
  const exported = exportProvenance({ records, creationDate: "2026-03-10T00:00:00Z" });

  it("is valid against the GS1 schema", () => {
    expect(validate(exported)).toEqual({ valid: true });
  });

  it("maps back to the same bodies (round trip)", () => {
    const back = eventsOf(exported).map(({ event, index }) =>
      mapEpcisEvent({ event, context: exported["@context"], index }),
    );
    expect(back.every((result) => result.kind === "event")).toBe(true);
    const byId = new Map(
      back.flatMap((result) => (result.kind === "event" ? [[result.event.body.id, result] as const] : [])),
    );
    for (const record of records) {
      const result = byId.get(record.id);
      expect(result?.kind, record.id).toBe("event");
      if (result?.kind !== "event") continue;
      const omitted = new Set([...Object.keys(EVENT_ENVELOPE), "garments"]);
      const stated = Object.fromEntries(Object.entries(record).filter(([key]) => !omitted.has(key)));
      const documents = record.documents.map(({ type, cid }) => ({ type, cid }));
      expect(result.event.type).toBe(record.type);
      expect(result.event.body).toEqual(documents.length > 0 ? { ...stated, documents } : stated);
      expect(result.facilityId).toBe(FACILITY_ID);
    }
  });

  it("writes a cutting's and a sewing's line and equipment as tp:lineId / tp:equipmentId, and reads them back", () => {
    const ranOn = [
      { type: "cutting", body: { ...BODIES.cutting[1], equipmentId: "TABLE-1" } },
      { type: "sewing", body: { ...BODIES.sewing[1], lineId: "LINE-A", equipmentId: "KNIT-7" } },
    ] as unknown as EventBody[];
    const withRanOn = ranOn.map((event) =>
      buildEventRecord(
        JSON.parse(JSON.stringify(event)) as EventBody,
        FACILITY_ID,
        [],
        event.type === "sewing" ? ({ ...GARMENTS, count: 10 } as never) : undefined,
      ),
    );
    const document = exportProvenance({ records: withRanOn, creationDate: "2026-03-10T00:00:00Z" });
    expect(validate(document)).toEqual({ valid: true });
    const events = eventsOf(document);
    expect(events.map(({ event }) => [event["tp:lineId"], event["tp:equipmentId"]])).toEqual([
      [undefined, "TABLE-1"],
      ["LINE-A", "KNIT-7"],
    ]);
    const back = events.map(({ event, index }) =>
      mapEpcisEvent({ event, context: document["@context"], index }),
    );
    expect(
      back.map((result) =>
        result.kind === "event"
          ? [
              (result.event.body as { lineId?: string }).lineId,
              (result.event.body as { equipmentId?: string }).equipmentId,
            ]
          : result.kind,
      ),
    ).toEqual([
      [undefined, "TABLE-1"],
      ["LINE-A", "KNIT-7"],
    ]);
  });

  it("refuses a tp:lineId that is no id, naming the EPCIS field", () => {
    const cutting = eventsOf(exported).find(({ event }) => event.type === "TransformationEvent")!;
    const result = mapEpcisEvent({
      event: { ...cutting.event, "tp:lineId": "line:3" },
      context: exported["@context"],
      index: cutting.index,
    });
    expect(result.kind).toBe("invalid");
    if (result.kind !== "invalid") return;
    expect(result.issues.map((issue) => issue.pointer)).toEqual([
      `/epcisBody/eventList/${cutting.index}/tp:lineId`,
    ]);
  });

  it("gives every event its CBV 2.0 hash as eventID, and puts them in time order", () => {
    const events = eventsOf(exported).map(({ event }) => event);
    expect(new Set(events.map((event) => event.eventID)).size).toBe(records.length);
    for (const event of events) expect(event.eventID).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    const times = events.map((event) => Date.parse(event.eventTime as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
