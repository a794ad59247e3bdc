/**
 * EPCIS 2.0 documents as JSON: the value types, the events a document carries (an `EPCISDocument`'s
 * `eventList`, an `EPCISQueryDocument`'s `queryResults`), and the namespaces its `@context` declares inline.
 * The JSON-LD contexts are never fetched: a prefix means what the document's own `@context` object says.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON-LD `@context`: a URL, an object of term definitions, or a list of either. */
export type EpcisContext = JsonValue;

/** The URL of the EPCIS 2.0 JSON-LD context (served locally by the service, never fetched from GS1). */
export const EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** threadproof's extension namespace and the prefix its documents declare it under. */
export const THREADPROOF_NAMESPACE = "https://threadproof.example/epcis/";
export const THREADPROOF_PREFIX = "tp";

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The prefixes an `@context` declares inline (`{ "tp": "https://threadproof.example/epcis/" }`), prefix →
 * namespace IRI. URLs in the context are not fetched, so they declare nothing here.
 */
export function namespacesOf(context: EpcisContext | undefined): Record<string, string> {
  const namespaces: Record<string, string> = {};
  const visit = (entry: EpcisContext | undefined) => {
    if (Array.isArray(entry)) entry.forEach(visit);
    else if (isJsonObject(entry)) {
      for (const [prefix, definition] of Object.entries(entry)) {
        if (prefix.startsWith("@")) continue;
        if (typeof definition === "string") namespaces[prefix] = definition;
        else if (isJsonObject(definition) && typeof definition["@id"] === "string")
          namespaces[prefix] = definition["@id"];
      }
    }
  };
  visit(context);
  return namespaces;
}

/** The prefix under which `context` declares `namespace`, if it does. */
export function prefixOf(context: EpcisContext | undefined, namespace: string): string | undefined {
  return Object.entries(namespacesOf(context)).find(([, iri]) => iri === namespace)?.[0];
}

/** Where an event sits in its document: `eventList` of a capture document or query results. */
export interface LocatedEvent {
  index: number;
  /** The JSON pointer of the event in its document, e.g. `/epcisBody/eventList/3`. */
  pointer: string;
  event: JsonObject;
}

/**
 * The events of an `EPCISDocument` or `EPCISQueryDocument`, each with its index and JSON pointer; an empty
 * list when the document has none where they should be.
 */
export function eventsOf(document: unknown): LocatedEvent[] {
  if (!isJsonObject(document) || !isJsonObject(document.epcisBody)) return [];
  const body = document.epcisBody;
  let list: JsonValue | undefined = body.eventList;
  let base = "/epcisBody/eventList";
  if (list === undefined && isJsonObject(body.queryResults) && isJsonObject(body.queryResults.resultsBody)) {
    list = body.queryResults.resultsBody.eventList;
    base = "/epcisBody/queryResults/resultsBody/eventList";
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((event, index) =>
    isJsonObject(event) ? [{ index, pointer: `${base}/${index}`, event }] : [],
  );
}
