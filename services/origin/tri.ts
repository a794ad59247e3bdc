/**
 * Three-valued logic for answers that may depend on facts nobody recorded: `true`, `false`, or `"unknown"`.
 * Kleene's rules: one `false` decides an "all of", one `true` decides an "any of"; otherwise any unknown
 * leaves the answer unknown. This is what lets a missing fact block an answer only when it can matter.
 */
export type Tri = boolean | "unknown";

/** True when every item is true; false when one is false; otherwise unknown. */
export function allOf(items: Iterable<Tri>): Tri {
  let result: Tri = true;
  for (const item of items) {
    if (item === false) return false;
    if (item === "unknown") result = "unknown";
  }
  return result;
}

/** True when one item is true; false when every item is false; otherwise unknown. */
export function anyOf(items: Iterable<Tri>): Tri {
  let result: Tri = false;
  for (const item of items) {
    if (item === true) return true;
    if (item === "unknown") result = "unknown";
  }
  return result;
}

/** The negation: unknown stays unknown. */
export function not(item: Tri): Tri {
  return item === "unknown" ? "unknown" : !item;
}

/**
 * A three-valued answer with the facts whose absence left it unknown (paths such as
 * `materials[0].stages.spinning`). `missing` is empty unless `result` is unknown.
 */
export interface Finding {
  readonly result: Tri;
  readonly missing: readonly string[];
}

export function known(result: boolean): Finding {
  return { result, missing: [] };
}

export function unknownFor(...missing: string[]): Finding {
  return { result: "unknown", missing };
}

/** "All of" over findings, keeping the missing facts of the unknown ones when the answer stays unknown. */
export function allFindings(findings: Iterable<Finding>): Finding {
  const list = [...findings];
  return withMissing(allOf(list.map((f) => f.result)), list);
}

/** "Any of" over findings, keeping the missing facts of the unknown ones when the answer stays unknown. */
export function anyFinding(findings: Iterable<Finding>): Finding {
  const list = [...findings];
  return withMissing(anyOf(list.map((f) => f.result)), list);
}

function withMissing(result: Tri, findings: readonly Finding[]): Finding {
  if (result !== "unknown") return known(result);
  const missing = new Set(findings.filter((f) => f.result === "unknown").flatMap((f) => f.missing));
  return { result, missing: [...missing] };
}

/**
 * The answer when several readings of an unknown fact must agree (which rule applies when the construction
 * is missing; which tolerance limit when it is unknown whether a yarn is elastane): decided when they all
 * agree, otherwise unknown for want of `fact`.
 */
export function agreeing(findings: readonly Finding[], fact: string): Finding {
  const [first] = findings;
  if (findings.length === 1 && first) return first;
  if (findings.every((f) => f.result === true)) return known(true);
  if (findings.every((f) => f.result === false)) return known(false);
  return unknownFor(...new Set([fact, ...findings.flatMap((f) => f.missing)]));
}

/** The opposite answer; the same facts are missing. */
export function negate(finding: Finding): Finding {
  return { result: not(finding.result), missing: finding.missing };
}
