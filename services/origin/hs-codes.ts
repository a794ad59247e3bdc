import type { Tri } from "./tri";

/**
 * HS codes as the rule tables write them: a chapter ("61"), a heading ("6101" or "52.04"), a subheading
 * ("6111.20"), or a range of any of these ("6101-6109", "5403.33-.39", "50-63"). Codes in facts are digits
 * only (the facts schema strips the dots).
 */
export type HsPattern = string;

interface HsRange {
  from: string;
  to: string;
}

const parsed = new Map<HsPattern, HsRange>();

/** Parses a rule-table pattern; throws on a malformed one (a defect in a table, caught by the tests). */
export function parseHsPattern(pattern: HsPattern): HsRange {
  const cached = parsed.get(pattern);
  if (cached) return cached;
  const [left = "", right, extra] = pattern.split("-");
  if (extra !== undefined || !/^\d{2}(\.?\d{2}){0,4}$/.test(left))
    throw new Error(`Bad HS pattern '${pattern}'`);
  const from = left.replaceAll(".", "");
  // "5403.33-.39": the upper end repeats the part before the last dot of the lower end.
  const to =
    right === undefined
      ? from
      : right.startsWith(".")
        ? left.slice(0, left.lastIndexOf(".")).replaceAll(".", "") + right.slice(1)
        : right.replaceAll(".", "");
  if (!/^\d+$/.test(to) || to.length !== from.length || to < from)
    throw new Error(`Bad HS pattern '${pattern}'`);
  const range = { from, to };
  parsed.set(pattern, range);
  return range;
}

/**
 * Whether a code falls in a pattern. A code with fewer digits than the pattern needs ("5403" against
 * "5403.33-.39") may or may not: unknown, unless its prefix lies wholly inside or outside the range.
 */
export function hsMatches(code: string, pattern: HsPattern): Tri {
  const { from, to } = parseHsPattern(pattern);
  if (code.length >= from.length) {
    const prefix = code.slice(0, from.length);
    return prefix >= from && prefix <= to;
  }
  const lowest = code.padEnd(from.length, "0");
  const highest = code.padEnd(from.length, "9");
  if (highest < from || lowest > to) return false;
  if (lowest >= from && highest <= to) return true;
  return "unknown";
}

/** Whether a code falls in any of the patterns (unknown when it might). */
export function hsMatchesAny(code: string, patterns: readonly HsPattern[]): Tri {
  let result: Tri = false;
  for (const pattern of patterns) {
    const match = hsMatches(code, pattern);
    if (match === true) return true;
    if (match === "unknown") result = "unknown";
  }
  return result;
}

/** The most specific pattern's digit count among those a code matches, or 0: picks the narrowest rule. */
export function hsSpecificity(code: string, patterns: readonly HsPattern[]): number {
  return Math.max(
    0,
    ...patterns.filter((p) => hsMatches(code, p) === true).map((p) => parseHsPattern(p).from.length),
  );
}

export type TariffLevel = "chapter" | "heading" | "subheading";
const levelDigits: Record<TariffLevel, number> = { chapter: 2, heading: 4, subheading: 6 };

/** The code cut to a level ("610910" at heading level is "6109"); undefined when the code is too short. */
export function hsAtLevel(code: string, level: TariffLevel): string | undefined {
  const digits = levelDigits[level];
  return code.length >= digits ? code.slice(0, digits) : undefined;
}

/** Writes digits the way people read them: "610910" -> "6109.10", "52" -> "chapter 52". */
export function formatHs(code: string): string {
  if (code.length <= 2) return `chapter ${code}`;
  return code.length <= 4 ? code : `${code.slice(0, 4)}.${code.slice(4).replace(/(\d{2})(?=\d)/g, "$1.")}`;
}

/** Whether a code lies in the textile chapters 50-63 (Section XI). */
export function isTextile(code: string): boolean {
  const chapter = Number(code.slice(0, 2));
  return chapter >= 50 && chapter <= 63;
}
