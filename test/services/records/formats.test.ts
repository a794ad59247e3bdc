/**
 * The record formats are what go on chain by digest, so their bytes must not move: every record kind, built
 * from fixed requests through the schemas, gives exactly the canonical JSON that version 1 of the formats
 * gave before the schemas moved into services/records (fixtures/records-v1.json, captured from that code).
 * Readers take those records (and hand-made, older or odd ones) into the read model exactly as the
 * hand-written field pickers did (fixtures/index-v1.json, captured likewise).
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  CuttingBodySchema,
  FabricLotBodySchema,
  SewingBodySchema,
  ShipmentBodySchema,
} from "../../../services/http/schemas/events";
import { RegisterFacilityBodySchema } from "../../../services/http/schemas/facilities";
import { parseWith } from "../../../services/http/validation";
import {
  AssessmentRecordSchema,
  buildAssessmentRecord,
  buildEventRecord,
  buildFacilityRecord,
  buildRevocationRecord,
  encodeRecord,
  EVENT_RECORD_SCHEMAS,
  FacilityRecordReader,
  FacilityRecordSchema,
  readEventRecord,
  readRecord,
  RevocationRecordSchema,
} from "../../../services/records/index";
import type {
  CuttingBody,
  EventBody,
  FabricLotBody,
  RegisterFacilityBody,
  SewingBody,
  ShipmentBody,
} from "../../../services/records/index";
import { BODIES, CITATIONS, FACILITY_BODY, FACILITY_ID, GARMENTS } from "./fixtures/bodies";
import { indexScenario } from "./fixtures/index-scenario";
import { ASSESSED_AT, INSUFFICIENT, REVOCATION, SUBJECT } from "./fixtures/other-records";
import INDEX_V1 from "./fixtures/index-v1.json";
import RECORDS_V1 from "./fixtures/records-v1.json";
import { SEWING_V2_BODY, SEWING_V2_RECORD } from "./fixtures/sewing-v2";

const BODY_SCHEMAS = {
  "fabric-lot": FabricLotBodySchema,
  cutting: CuttingBodySchema,
  sewing: SewingBodySchema,
  shipment: ShipmentBodySchema,
} as const;

const text = (record: unknown) => new TextDecoder().decode(encodeRecord(record));

/** Builds an event record from a raw request body the way the API does: parse the body, build the record. */
function eventRecord(type: EventBody["type"], raw: unknown) {
  const body = parseWith(BODY_SCHEMAS[type], raw) as EventBody["body"];
  const cited = (raw as { documents?: unknown[] }).documents?.length ? CITATIONS : [];
  const garments =
    type === "sewing" ? { count: (body as SewingBody).output.quantity.amount, ...GARMENTS } : undefined;
  return buildEventRecord({ type, body } as EventBody, FACILITY_ID, cited, garments as never);
}

const reversed = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversed)
    : typeof value === "object" && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([key, inner]) => [key, reversed(inner)]),
        )
      : value;

const eventCases = Object.entries(BODIES).flatMap(([type, bodies]) =>
  bodies.map((body, index) => ({ name: `${type}#${index}`, type: type as EventBody["type"], body })),
);

describe("record bytes (format version 1)", () => {
  it.each(eventCases)("builds $name byte for byte as before", ({ name, type, body }) => {
    const record = eventRecord(type, body);
    expect(text(record)).toBe(RECORDS_V1[name as keyof typeof RECORDS_V1]);
    // Key order is the request's business, never the record's.
    expect(text(eventRecord(type, reversed(body)))).toBe(text(record));
  });

  it("builds the facility record byte for byte as before (name trimmed, roles sorted)", () => {
    const record = buildFacilityRecord(parseWith(RegisterFacilityBodySchema, FACILITY_BODY));
    expect(text(record)).toBe(RECORDS_V1.facility);
  });

  it("builds the revocation and assessment records byte for byte as before", () => {
    expect(text(buildRevocationRecord(REVOCATION))).toBe(RECORDS_V1["certificate-revocation"]);
    const assessment = buildAssessmentRecord({
      request: { subjectId: "SHP-0001", fta: "EVFTA" },
      subject: SUBJECT,
      facts: null,
      assessment: INSUFFICIENT,
      assessedAt: ASSESSED_AT,
      assessedBy: "certifier:vcci-hcm",
    });
    expect(text(assessment)).toBe(RECORDS_V1["origin-assessment#insufficient"]);
  });

  it("stores only records its own strict schemas accept, each with its type and version", () => {
    for (const { name, type } of eventCases) {
      const stored: unknown = JSON.parse(RECORDS_V1[name as keyof typeof RECORDS_V1]);
      expect(EVENT_RECORD_SCHEMAS[type].parse(stored)).toMatchObject({ type, version: 1 });
    }
    expect(FacilityRecordSchema.parse(JSON.parse(RECORDS_V1.facility))).toMatchObject({ version: 1 });
    expect(RevocationRecordSchema.parse(JSON.parse(RECORDS_V1["certificate-revocation"]))).toMatchObject({
      version: 1,
    });
    expect(
      AssessmentRecordSchema.parse(JSON.parse(RECORDS_V1["origin-assessment#insufficient"])),
    ).toMatchObject({ type: "origin-assessment", version: 1 });
  });

  it("refuses to build a record its schema does not accept", () => {
    const body = parseWith(CuttingBodySchema, BODIES.cutting[1]);
    expect(() => buildEventRecord({ type: "cutting", body }, "not an id!", [])).toThrow();
    expect(() =>
      buildEventRecord(
        { type: "sewing", body: parseWith(SewingBodySchema, BODIES.sewing[1]) },
        FACILITY_ID,
        [],
      ),
    ).toThrow("garment commitment");
  });
});

describe("record readers", () => {
  it("give a stored version 1 record back as it is, key order included", () => {
    for (const { name, type } of eventCases) {
      const stored: unknown = JSON.parse(RECORDS_V1[name as keyof typeof RECORDS_V1]);
      const read = readEventRecord(type, stored);
      expect(read).toEqual({ operation: type, record: stored });
      expect(JSON.stringify(read?.record)).toBe(JSON.stringify(stored));
    }
    expect(readRecord(FacilityRecordReader, JSON.parse(RECORDS_V1.facility))).toEqual(
      JSON.parse(RECORDS_V1.facility),
    );
  });

  it("take older and odd records: no version, unknown fields kept, wrong-typed fields left out", () => {
    const read = readEventRecord("sewing", {
      type: "sewing",
      id: "SEW-9",
      note: "from a later format",
      product: { gtin: 8938505974019, hsCode: "6109.10", exWorksPrice: { amount: "4.2", currency: "USD" } },
      trims: ["buttons", { description: "thread", role: 7 }],
      inputs: "CUT-1",
    });
    expect(read).toEqual({
      operation: "sewing",
      record: {
        type: "sewing",
        id: "SEW-9",
        note: "from a later format",
        product: { hsCode: "6109.10", exWorksPrice: { currency: "USD" } },
        trims: [undefined, { description: "thread" }],
      },
    });
    expect(readEventRecord("shipment", { type: "shipment", version: 0, id: "S" })?.record.version).toBe(0);
  });

  it("do not read what is not a JSON object", () => {
    for (const value of [null, "record", 3, [], [{ id: "A" }]]) {
      expect(readEventRecord("fabric-lot", value)).toBeNull();
      expect(readRecord(FacilityRecordReader, value)).toBeNull();
    }
  });
});

describe("the read model over version 1 records", () => {
  it("has the same rows as the hand-written field pickers gave, applied at once or repaired later", async () => {
    const {
      "certificate-revocation": _revocation,
      "origin-assessment#insufficient": _assessment,
      ...lots
    } = RECORDS_V1;
    const { applied, repaired } = await indexScenario(lots);
    const expected = structuredClone(INDEX_V1.applied) as Record<string, Record<string, unknown>[]>;
    // Two cells differ, both from hand-made records naming a field their kind does not have: the pickers read
    // `description` from any record and an input's `role` from any record; the readers read the fields of the
    // record's own format (a fabric lot's description, a garment's, a cutting's roles). No record the
    // service writes carries either field.
    expect(expected.lots!.find((row) => row.id === "CUT-ODD")?.description).toBe("not a cutting field");
    expected.lots!.find((row) => row.id === "CUT-ODD")!.description = null;
    const sewOdd = expected.lots!.find((row) => row.id === "SEW-ODD")!.lot_key;
    expect(expected.consumptions!.find((row) => row.into_lot_key === sewOdd)?.role).toBe("lining");
    expected.consumptions!.find((row) => row.into_lot_key === sewOdd)!.role = null;
    // The trims table gained a stages column with format version 2; no version 1 trim has stages.
    for (const trim of expected.trims!) trim.stages = null;
    // The lot_equipment table came with cuttings and sewings naming their line or machine; these records name none.
    expected.lot_equipment = [];
    expect(applied).toEqual(expected);
    expect(repaired).toEqual(applied);
  });
});

describe("HTTP bodies derive from the records", () => {
  it("infer the body types the use cases take (each assignable to the other)", () => {
    expectTypeOf<z.output<typeof FabricLotBodySchema>>().toExtend<FabricLotBody>();
    expectTypeOf<FabricLotBody>().toExtend<z.output<typeof FabricLotBodySchema>>();
    expectTypeOf<z.output<typeof CuttingBodySchema>>().toExtend<CuttingBody>();
    expectTypeOf<CuttingBody>().toExtend<z.output<typeof CuttingBodySchema>>();
    expectTypeOf<z.output<typeof SewingBodySchema>>().toExtend<SewingBody>();
    expectTypeOf<SewingBody>().toExtend<z.output<typeof SewingBodySchema>>();
    expectTypeOf<z.output<typeof ShipmentBodySchema>>().toExtend<ShipmentBody>();
    expectTypeOf<ShipmentBody>().toExtend<z.output<typeof ShipmentBodySchema>>();
    expectTypeOf<z.output<typeof RegisterFacilityBodySchema>>().toEqualTypeOf<RegisterFacilityBody>();
  });

  it("refuse what the record format does not have, by name", () => {
    const result = FabricLotBodySchema.safeParse({ ...BODIES["fabric-lot"][1], facilityId: "x", version: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: "unrecognized_keys", keys: ["facilityId", "version"] }),
    ]);
  });
});

describe("sewing record bytes (format version 2: trims with stages)", () => {
  it("builds a sewing whose trims carry stages as version 2, byte for byte", () => {
    const record = eventRecord("sewing", SEWING_V2_BODY);
    expect(text(record)).toBe(SEWING_V2_RECORD);
    expect(text(eventRecord("sewing", reversed(SEWING_V2_BODY)))).toBe(SEWING_V2_RECORD);
  });

  it("keeps a sewing without trim stages at version 1", () => {
    expect(eventRecord("sewing", BODIES.sewing[0])).toMatchObject({ type: "sewing", version: 1 });
  });

  it("reads a stored version 2 sewing with its trim stages and their proofs", () => {
    const read = readEventRecord("sewing", JSON.parse(SEWING_V2_RECORD));
    expect(read?.record.version).toBe(2);
    expect(read?.operation === "sewing" && read.record.trims?.[0]?.stages).toEqual([
      {
        stage: "spinning",
        country: "VN",
        proofCid: "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
      },
      { stage: "finishing", country: "VN" },
    ]);
  });

  it("lets a cutting or sewing name its line and machine by id, adding only those keys to its bytes", () => {
    const body = structuredClone(BODIES.cutting[1]!) as unknown as CuttingBody;
    const plain = encodeRecord(buildEventRecord({ type: "cutting", body }, FACILITY_ID, []));
    const named = buildEventRecord(
      { type: "cutting", body: { ...body, equipmentId: "TABLE-1", lineId: "LINE-A" } },
      FACILITY_ID,
      [],
    );
    const { equipmentId, lineId, ...rest } = JSON.parse(
      Buffer.from(encodeRecord(named)).toString(),
    ) as Record<string, unknown>;
    expect({ equipmentId, lineId }).toEqual({ equipmentId: "TABLE-1", lineId: "LINE-A" });
    expect(JSON.stringify(rest)).toBe(Buffer.from(plain).toString());
    for (const schema of [CuttingBodySchema, SewingBodySchema]) {
      const result = schema.safeParse({ ...body, lineId: "line:3" });
      expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain("lineId");
    }
  });

  it("refuses a trim stage that is not a stage, naming the field", () => {
    const body = structuredClone(SEWING_V2_BODY);
    (body.trims[0]!.stages[0] as { stage: string }).stage = "spun";
    const result = SewingBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["trims", 0, "stages", 0, "stage"]);
  });
});
