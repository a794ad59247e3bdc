/**
 * Amounts as the origin rules compare them: exact integers, never floating-point ratios.
 *
 * Weights (kg) and prices (USD) are counted in millionths of their unit: a milligram, a millionth of a
 * dollar. That is the precision the provenance deriver already rounds per-garment shares to, and it holds
 * grams and cents exactly; the facts schema refuses finer amounts. A share is judged by cross-multiplying
 * (`part × 100 ≤ percent × whole`), so an amount exactly at a legal limit ("does not exceed", "at least")
 * meets it and one millionth over does not. `0.1 * 0.7` is `0.06999…` in floating point; here 70 000 × 100
 * = 10 × 700 000.
 */

/** Decimal places of the unit amounts are counted in. */
export const AMOUNT_DECIMALS = 6;
const MILLIONTHS = 10n ** BigInt(AMOUNT_DECIMALS);

/** A finite number as an exact decimal `units / 10^decimals`, read from its shortest round-trip spelling. */
function exactDecimal(value: number): { units: bigint; decimals: number } | undefined {
  if (!Number.isFinite(value)) return undefined;
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return undefined;
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match;
  const shift = Number(exponent) - fraction.length;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  return shift >= 0
    ? { units: digits * 10n ** BigInt(shift), decimals: 0 }
    : { units: digits, decimals: -shift };
}

/**
 * An amount as a whole number of millionths of its unit; undefined when it has more than six decimals (or
 * is not a finite number). The JSON number the client sent is read as the decimal it wrote: `0.07` is
 * exactly 70 000, not the binary fraction nearest to it.
 *
 * @example
 * toMillionths(0.07); // 70000n
 * toMillionths(0.0000001); // undefined: finer than a millionth
 */
export function toMillionths(amount: number): bigint | undefined {
  // Below 10^9 doubles lie closer together than a millionth, so two decimals of six places never share a
  // double: the nearest count of millionths is the written decimal exactly when it divides back to the
  // amount. (The slow path reads the spelling; both agree, and the tests say so.)
  if (Math.abs(amount) < 1e9) {
    const scaled = Math.round(amount * 1e6);
    return scaled / 1e6 === amount ? BigInt(scaled) : undefined;
  }
  return millionthsOfDecimal(amount);
}

/** toMillionths by the number's spelling: exact for any magnitude. */
export function millionthsOfDecimal(amount: number): bigint | undefined {
  const decimal = exactDecimal(amount);
  if (!decimal) return undefined;
  if (decimal.decimals <= AMOUNT_DECIMALS)
    return decimal.units * 10n ** BigInt(AMOUNT_DECIMALS - decimal.decimals);
  const excess = 10n ** BigInt(decimal.decimals - AMOUNT_DECIMALS);
  return decimal.units % excess === 0n ? decimal.units / excess : undefined;
}

/** Whether an amount is a whole number of millionths (what the facts schema admits). */
export function isExactAmount(amount: number): boolean {
  return toMillionths(amount) !== undefined;
}

/** A percentage of a rule table (10, 47.5) as an exact fraction `numerator / denominator` of 100. */
const percentFractions = new Map<number, { numerator: bigint; denominator: bigint }>();

function percentFraction(percent: number): { numerator: bigint; denominator: bigint } {
  let fraction = percentFractions.get(percent);
  if (!fraction) {
    fraction = readPercent(percent);
    percentFractions.set(percent, fraction);
  }
  return fraction;
}

function readPercent(percent: number): { numerator: bigint; denominator: bigint } {
  const decimal = exactDecimal(percent);
  if (!decimal || decimal.units < 0n || decimal.units > 100n * 10n ** BigInt(decimal.decimals))
    throw new Error(`A rule table's percentage must be a decimal from 0 to 100, not ${percent}`);
  return { numerator: decimal.units, denominator: 10n ** BigInt(decimal.decimals) };
}

/**
 * How `part` compares with `percent` % of `whole` (whole more than 0): -1 below the limit, 0 exactly at it,
 * 1 over it. Integers only: `part × 100 × d` against `n × whole` for the percentage `n / d`.
 *
 * @example
 * compareShare(70_000n, 700_000n, 10); // 0: 0.07 kg is exactly 10 % of 0.7 kg
 */
export function compareShare(part: bigint, whole: bigint, percent: number): -1 | 0 | 1 {
  if (whole <= 0n) throw new Error("A share is only taken of a whole of more than 0");
  const { numerator, denominator } = percentFraction(percent);
  const left = part * 100n * denominator;
  const right = numerator * whole;
  return left < right ? -1 : left === right ? 0 : 1;
}

/** `percent` % of `whole`, in millionths, as an exact fraction (`numerator / denominator` millionths). */
function shareOf(whole: bigint, percent: number): { numerator: bigint; denominator: bigint } {
  const fraction = percentFraction(percent);
  return { numerator: fraction.numerator * whole, denominator: 100n * fraction.denominator };
}

/**
 * Sums of weights or prices where some may be missing: a range from what is known (`min`) to what it could
 * be (`max`, unbounded when an amount is missing), with the paths of the missing amounts. In millionths.
 */
export interface AmountRange {
  readonly min: bigint;
  readonly max: bigint | "unbounded";
  readonly missing: readonly string[];
}

/** One known amount as a range. */
export function exactly(amount: bigint): AmountRange {
  return { min: amount, max: amount, missing: [] };
}

/**
 * Adds up amounts; `definite` ones count towards `min`, all towards `max`. Amounts are those of validated
 * facts: one finer than a millionth is a defect of the caller (the facts schema refuses it) and throws.
 */
export function sumAmounts(
  items: readonly {
    readonly amount: number | undefined;
    readonly path: string;
    readonly definite?: boolean;
  }[],
): AmountRange {
  let min = 0n;
  let max: bigint | "unbounded" = 0n;
  const missing: string[] = [];
  for (const { amount, path, definite = true } of items) {
    if (amount === undefined) {
      missing.push(path);
      max = "unbounded";
      continue;
    }
    const units = toMillionths(amount);
    if (units === undefined)
      throw new Error(`${path} is ${amount}: amounts are compared in millionths; validate the facts first`);
    if (max !== "unbounded") max += units;
    if (definite) min += units;
  }
  return { min, max, missing };
}

/**
 * Whether `part` is at most `percent` % of `whole` ("does not exceed"): true when even the largest part fits
 * the smallest whole, false when even the smallest part exceeds the largest whole, otherwise unknown.
 */
export function withinShare(part: AmountRange, whole: AmountRange, percent: number): boolean | "unknown" {
  if (part.max === 0n) return true;
  if (whole.min > 0n && part.max !== "unbounded" && compareShare(part.max, whole.min, percent) <= 0)
    return true;
  if (whole.max === "unbounded" || part.min === 0n) return "unknown";
  // Some part of nothing is over any share of it.
  if (whole.max === 0n || compareShare(part.min, whole.max, percent) > 0) return false;
  return "unknown";
}

export type Unit = "kg" | "USD";

/** Millionths as an exact decimal, trailing zeros dropped but at least `minDecimals` places: "0.07", "4.20". */
function decimalText(units: bigint, minDecimals: number, scale = MILLIONTHS, places = AMOUNT_DECIMALS) {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / scale;
  let fraction = (magnitude % scale).toString().padStart(places, "0").replace(/0+$/, "");
  fraction = fraction.padEnd(minDecimals, "0");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** "0.012 kg", "USD 4.20", "USD 0.000001": exactly, never rounded. */
export function formatAmount(amount: bigint, unit: Unit): string {
  return unit === "kg" ? `${decimalText(amount, 0)} kg` : `USD ${decimalText(amount, 2)}`;
}

/** A range as words: "0.012 kg", "up to 0.02 kg", "0.012 kg to 0.02 kg", "at least 0.012 kg", "not recorded". */
export function formatRange(range: AmountRange, unit: Unit): string {
  if (range.min === range.max) return formatAmount(range.min, unit);
  if (range.max !== "unbounded")
    return range.min === 0n
      ? `up to ${formatAmount(range.max, unit)}`
      : `${formatAmount(range.min, unit)} to ${formatAmount(range.max, unit)}`;
  return range.min === 0n ? "not recorded" : `at least ${formatAmount(range.min, unit)}`;
}

/** Exact decimals a percentage is printed with before it is rounded (and marked "about"). */
const PERCENT_DECIMALS = 4;

/**
 * `numerator / denominator` as a percentage: exact when it has at most four decimals ("6.0 %", "47.5 %"),
 * otherwise "about" two decimals, rounded away from `limit` so that the figure never seems to sit on the
 * other side of it (10.00001 % over a 10 % limit is "about 10.01 %", never "10.0 %").
 */
export function formatPercent(numerator: bigint, denominator: bigint, limit?: number): string {
  const scale = 10n ** BigInt(PERCENT_DECIMALS);
  const scaled = numerator * 100n * scale;
  if (scaled % denominator === 0n)
    return `${decimalText(scaled / denominator, 1, scale, PERCENT_DECIMALS)} %`;
  const hundredths = (numerator * 100n * 100n) / denominator; // rounded down (both positive)
  const side = limit === undefined ? 0 : compareShare(numerator, denominator, limit) > 0 ? 1 : -1;
  const nearest = (numerator * 100n * 100n * 2n + denominator) / (2n * denominator); // rounded half up
  const rounded = side > 0 ? hundredths + 1n : side < 0 ? hundredths : nearest;
  return `about ${decimalText(rounded, 1, 100n, 2)} %`;
}

/** " (6.0 %)" of a known whole, or nothing when the share cannot be computed. */
export function formatShare(part: AmountRange, whole: AmountRange, limit?: number): string {
  if (part.min !== part.max || whole.min !== whole.max || whole.min === 0n) return "";
  return ` (${formatPercent(part.min, whole.min, limit)})`;
}

/**
 * The limit in words and how a known part stands against it, exactly: "the limit is 10 % (0.07 kg) — exactly
 * at the limit, which it does not exceed: within it", "— within it, 0.01 kg below", "— over it by 0.000001
 * kg". When the part or the whole is not known exactly, the limit and the verdict (or "cannot be decided").
 */
export function describeLimit(
  part: AmountRange,
  whole: AmountRange,
  percent: number,
  unit: Unit,
  within: boolean | "unknown",
): string {
  const wholeKnown = whole.min === whole.max && whole.min > 0n;
  const head = `the limit is ${percent} %${wholeKnown ? ` (${limitAmount(whole.min, percent, unit)})` : ""}`;
  if (!wholeKnown || part.min !== part.max)
    return `${head} — ${within === "unknown" ? "cannot be decided" : within ? "within it" : "over it"}`;
  const order = compareShare(part.min, whole.min, percent);
  if (order === 0) return `${head} — exactly at the limit, which it does not exceed: within it`;
  const gap = gapToLimit(part.min, whole.min, percent, unit);
  return order < 0 ? `${head} — within it, ${gap} below` : `${head} — over it by ${gap}`;
}

/** `percent` % of `whole`, exactly: "0.07 kg", "USD 1.68" (a decimal share of a decimal amount ends). */
export function limitAmount(whole: bigint, percent: number, unit: Unit): string {
  const { numerator, denominator } = shareOf(whole, percent);
  return fractionalAmount(numerator, denominator, unit);
}

/** How far `part` is from `percent` % of `whole`, exactly, either way: "0.000001 kg", "USD 0.01". */
export function gapToLimit(part: bigint, whole: bigint, percent: number, unit: Unit): string {
  const { numerator, denominator } = shareOf(whole, percent);
  const difference = part * denominator - numerator;
  return fractionalAmount(difference < 0n ? -difference : difference, denominator, unit);
}

/**
 * `numerator / denominator` millionths as an exact amount. The denominator is 100 × 10^k, so the quotient is
 * a decimal with at most k + 2 more places than a millionth.
 */
function fractionalAmount(numerator: bigint, denominator: bigint, unit: Unit): string {
  let places = AMOUNT_DECIMALS;
  let scale = MILLIONTHS;
  let value = numerator;
  // Multiply by 10 until the quotient is whole; the denominator's only prime factors are 2 and 5.
  while (value % denominator !== 0n && places < AMOUNT_DECIMALS + 20) {
    value *= 10n;
    scale *= 10n;
    places += 1;
  }
  const text = decimalText(value / denominator, unit === "USD" ? 2 : 0, scale, places);
  return unit === "kg" ? `${text} kg` : `USD ${text}`;
}
