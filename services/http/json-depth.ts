/**
 * A bound on how deeply a parsed JSON body nests. `JSON.parse` takes thousands of levels, but the code that
 * walks a body afterwards (canonical JSON, size checks, JSON-LD, schema validation) recurses, and a body of
 * `[[[[…]]]]` within the size limit would overflow its stack: a 500 for a hostile request. No document this
 * service reads (its records, EPCIS 2.0 documents, verifiable credentials and presentations) comes near the
 * bound.
 */
import type { RequestHandler } from "express";
import { ValidationError } from "../errors/index";

export const MAX_JSON_DEPTH = 64;

/** How deeply `value` nests (a scalar is 0, `[]` is 1), counted without recursion, stopping past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== "object") continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, here]);
  }
  return deepest;
}

/** Refuses (400 VALIDATION_FAILED) a parsed JSON body nested deeper than {@link MAX_JSON_DEPTH}. */
export function boundJsonDepth(): RequestHandler {
  return (request, _response, next) => {
    const body: unknown = request.body;
    if (body !== null && typeof body === "object" && jsonDepth(body) > MAX_JSON_DEPTH) {
      next(
        new ValidationError([{ path: "", message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }]),
      );
      return;
    }
    next();
  };
}
