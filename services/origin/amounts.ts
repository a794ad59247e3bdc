/**
 * Sums of weights or prices where some may be missing: a range from what is known (`min`) to what it could
 * be (`max`, infinite when an amount is missing), with the paths of the missing amounts.
 */
export interface AmountRange {
  readonly min: number;
  readonly max: number;
  readonly missing: readonly string[];
}

/** Adds up amounts; `definite` ones count towards `min`, all towards `max`. */
export function sumAmounts(
  items: readonly {
    readonly amount: number | undefined;
    readonly path: string;
    readonly definite?: boolean;
  }[],
): AmountRange {
  let min = 0;
  let max = 0;
  const missing: string[] = [];
  for (const { amount, path, definite = true } of items) {
    if (amount === undefined) {
      missing.push(path);
      max = Number.POSITIVE_INFINITY;
      continue;
    }
    max += amount;
    if (definite) min += amount;
  }
  return { min, max, missing };
}

/**
 * Whether `part` is at most `percent` % of `whole`: true when even the largest part fits the smallest whole,
 * false when even the smallest part exceeds the largest whole, otherwise unknown.
 */
export function withinShare(part: AmountRange, whole: AmountRange, percent: number): boolean | "unknown" {
  const share = percent / 100;
  if (part.max === 0 || (whole.min > 0 && part.max <= share * whole.min)) return true;
  if (part.min > share * whole.max) return false;
  return "unknown";
}

export type Unit = "kg" | "USD";

/** "0.012 kg", "USD 4.20". */
export function formatAmount(amount: number, unit: Unit): string {
  if (!Number.isFinite(amount)) return `an unknown ${unit === "kg" ? "weight" : "value"}`;
  return unit === "kg" ? `${Number(amount.toFixed(4))} kg` : `USD ${amount.toFixed(2)}`;
}

/** A range as words: "0.012 kg", "up to 0.02 kg", "0.012 kg to 0.02 kg", "at least 0.012 kg", "not recorded". */
export function formatRange(range: AmountRange, unit: Unit): string {
  if (range.min === range.max) return formatAmount(range.min, unit);
  if (Number.isFinite(range.max))
    return range.min === 0
      ? `up to ${formatAmount(range.max, unit)}`
      : `${formatAmount(range.min, unit)} to ${formatAmount(range.max, unit)}`;
  return range.min === 0 ? "not recorded" : `at least ${formatAmount(range.min, unit)}`;
}

/** "6.0 %" of a known whole, or nothing when the share cannot be computed. */
export function formatShare(part: AmountRange, whole: AmountRange): string {
  if (part.min !== part.max || whole.min !== whole.max || whole.min === 0) return "";
  return ` (${((part.min / whole.min) * 100).toFixed(1)} %)`;
}
