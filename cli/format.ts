/** Human renderings of answers: short `name: value` lines, the full answer being one `--json` away. */

type Loose = Record<string, unknown>;

const scalar = (value: unknown): string =>
  value === null || value === undefined
    ? "-"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

/** `label: value` lines for the named fields that are present. */
export function fields(value: unknown, names: readonly string[]): string[] {
  const object = (value ?? {}) as Loose;
  const width = Math.max(...names.map((name) => name.length));
  return names
    .filter((name) => object[name] !== undefined)
    .map((name) => `${`${name}:`.padEnd(width + 2)}${scalar(object[name])}`);
}

/** A quantity `{ amount, unit }` as "300 m". */
export const quantity = (value: unknown): string => {
  const q = value as { amount?: unknown; unit?: unknown } | undefined;
  return q && typeof q === "object" ? `${scalar(q.amount)} ${scalar(q.unit)}` : scalar(value);
};

/** At most `limit` lines, then how many were left out and where to find them all. */
export function capped(lines: string[], limit: number, rest: string): string[] {
  return lines.length <= limit
    ? lines
    : [...lines.slice(0, limit), `… and ${lines.length - limit} more ${rest}`];
}
