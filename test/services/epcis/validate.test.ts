import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createEpcisValidator, epcisProblem } from "../../../services/epcis/validate";
import type { EpcisValidator } from "../../../services/epcis/validate";
import { readStandardsJson, standardsPath } from "../../support/standards";

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name), ending)
      : entry.name.endsWith(ending)
        ? [join(dir, entry.name)]
        : [],
  );
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));
const corpus = standardsPath("epcis", "openepcis-corpus");
const captureDocuments = (folder: string) =>
  filesUnder(corpus, ".json").filter((path) => path.includes(`/JSON/Capture/${folder}/`));

/**
 * Three capture documents OpenEPCIS calls valid are refused by the GS1 schema of 2023, and threadproof refuses
 * them too: the schema is the contract a brand's system and a customs officer can check, and accepting what it
 * refuses would let a document in that nobody else's validator would pass.
 */
const REFUSED_BY_GS1_SCHEMA = {
  "AggregationEvent_with_persistentDisposition.json":
    "persistentDisposition is not a field of AggregationEvent in the GS1 schema",
  "SensorData_with_combined_events.json": "a gs1:-prefixed sensorReport type is neither a CBV word nor a URI",
  "TransactionEvent_with_userExtensions.json":
    "a gs1:-prefixed sensorReport type is neither a CBV word nor a URI",
} as const;

let validate: EpcisValidator;

beforeAll(() => {
  validate = createEpcisValidator(readStandardsJson<object>("epcis", "EPCIS-JSON-Schema.json"));
});

describe("validating EPCIS documents against the GS1 schema", () => {
  const examples = filesUnder(standardsPath("epcis", "examples"), ".jsonld");

  it("finds GS1's 47 example documents", () => {
    expect(examples).toHaveLength(47);
  });

  it.each(examples.map((path) => [relative(standardsPath("epcis", "examples"), path), path]))(
    "accepts the GS1 example %s",
    (_name, path) => {
      expect(validate(readJson(path))).toEqual({ valid: true });
    },
  );

  const valid = captureDocuments("Documents").concat(captureDocuments("Events"));
  it.each(valid.map((path) => [relative(corpus, path), path]))(
    "accepts or names the refusal of the OpenEPCIS capture document %s",
    (name, path) => {
      const refusal = REFUSED_BY_GS1_SCHEMA[name.split("/").pop() as keyof typeof REFUSED_BY_GS1_SCHEMA];
      const result = validate(readJson(path));
      if (refusal) {
        expect(result.valid, refusal).toBe(false);
      } else {
        expect(result).toEqual({ valid: true });
      }
    },
  );

  it("refuses exactly the three documents named, and says where", () => {
    const refused = valid
      .filter((path) => !validate(readJson(path)).valid)
      .map((path) => path.split("/").pop());
    expect(refused.sort()).toEqual(Object.keys(REFUSED_BY_GS1_SCHEMA).sort());
    const result = validate(
      readJson(valid.find((path) => path.endsWith("AggregationEvent_with_persistentDisposition.json"))!),
    );
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(
        result.issues.some(
          (issue) => issue.eventIndex === 1 && issue.pointer.startsWith("/epcisBody/eventList/1"),
        ),
      ).toBe(true);
    }
  });

  const invalid = captureDocuments("Invalid");
  it("finds the invalid corpus", () => expect(invalid.length).toBeGreaterThanOrEqual(15));

  it.each(invalid.map((path) => [relative(corpus, path), path]))(
    "refuses the invalid document %s",
    (_name, path) => {
      const result = validate(readJson(path));
      expect(result.valid).toBe(false);
      if (result.valid) return;
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) {
        expect(issue.pointer).toMatch(/^\//);
        expect(issue.message).not.toBe("");
      }
      const problem = epcisProblem(result.issues);
      expect(problem.type).toBe("epcisException:ValidationException");
      expect(problem.detail).toContain(result.issues[0]!.pointer);
    },
  );
});

describe("the issues of a refused document", () => {
  const document = (events: unknown[]) => ({
    "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: "2026-03-01T08:00:00Z",
    epcisBody: { eventList: events },
  });
  const good = {
    type: "ObjectEvent",
    eventTime: "2026-03-01T08:00:00Z",
    eventTimeZoneOffset: "+00:00",
    epcList: ["urn:epc:id:sgtin:0614141.107346.2017"],
    action: "OBSERVE",
  };

  it("accepts a good event", () => {
    expect(validate(document([good]))).toEqual({ valid: true });
  });

  it("names the event by index and eventID and the field by JSON pointer", () => {
    const bad = { ...good, eventID: "urn:uuid:6f0c1c7e-4d2a-4c5e-9a1f-0c3d2b1a0e9f", action: "SHOUT" };
    const result = validate(document([good, bad]));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        pointer: "/epcisBody/eventList/1/action",
        eventIndex: 1,
        eventID: "urn:uuid:6f0c1c7e-4d2a-4c5e-9a1f-0c3d2b1a0e9f",
      }),
    );
    expect(epcisProblem(result.issues).detail).toContain("event 1 urn:uuid:6f0c1c7e");
  });

  it("names a missing field", () => {
    const { eventTime: _dropped, ...withoutTime } = good;
    const result = validate(document([withoutTime]));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({ pointer: "/epcisBody/eventList/0", eventIndex: 0, keyword: "required" }),
    );
    expect(result.issues.map((issue) => issue.message).join()).toContain("eventTime");
  });

  it("names an extension field without a namespace", () => {
    const result = validate(document([{ ...good, colour: "red" }]));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.issues.map((issue) => issue.pointer)).toContain("/epcisBody/eventList/0/colour");
  });
});
