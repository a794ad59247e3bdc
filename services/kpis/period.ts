/**
 * The period of the programme's figures: two calendar days in Viet Nam's time (UTC+7, no daylight saving),
 * both included; by default the last 30 days up to today. Capped at {@link MAX_PERIOD_DAYS} so that one
 * request's queries stay bounded.
 */
import { z } from "zod";
import { ValidationError } from "../errors/index";
import type { FieldIssue } from "../errors/index";
import { toFieldIssues } from "../errors/zod-issues";

/** The longest period one request may ask for (a leap year). */
export const MAX_PERIOD_DAYS = 366;
/** The period when none is asked for: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;
/** Viet Nam's offset from UTC: the days of a period are the factory floor's days. */
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export const PeriodQuerySchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export interface KpiPeriodDays {
  /** First day, YYYY-MM-DD (Viet Nam's time). */
  from: string;
  /** Last day, included. */
  to: string;
  days: number;
  /** [fromInstant, toInstant): the period as UTC instants (ISO 8601). */
  fromInstant: string;
  toInstant: string;
}

const dayOf = (ms: number) => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`) - OFFSET_MS;

/** The usual periods up to today (the last 30, 90 and 365 days), for one-click choices. */
export function periodPresets(now: Date = new Date()): { days: number; from: string; to: string }[] {
  const to = dayOf(now.getTime());
  return [DEFAULT_PERIOD_DAYS, 90, 365].map((days) => ({
    days,
    from: dayOf(startOf(to) - (days - 1) * DAY_MS),
    to,
  }));
}

/**
 * The period a request asks for (`from`, `to` as YYYY-MM-DD; either may be left out), refused field by field
 * (VALIDATION_FAILED): a day that is not one, `to` before `from`, longer than {@link MAX_PERIOD_DAYS}.
 *
 * @example
 * parsePeriod({ from: "2026-09-01", to: "2026-10-31" }); // { days: 61, fromInstant: "2026-08-31T17:00:00.000Z", … }
 */
export function parsePeriod(query: { from?: unknown; to?: unknown }, now: Date = new Date()): KpiPeriodDays {
  const given = {
    from: query.from === "" ? undefined : query.from,
    to: query.to === "" ? undefined : query.to,
  };
  const parsed = PeriodQuerySchema.safeParse(given);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error));
  const to = parsed.data.to ?? dayOf(now.getTime());
  const from = parsed.data.from ?? dayOf(startOf(to) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  const days = Math.round((startOf(to) - startOf(from)) / DAY_MS) + 1;
  const issues: FieldIssue[] = [];
  if (days < 1) issues.push({ path: "to", message: "must not be before from" });
  else if (days > MAX_PERIOD_DAYS)
    issues.push({ path: "from", message: `a period is at most ${MAX_PERIOD_DAYS} days` });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    from,
    to,
    days,
    fromInstant: new Date(startOf(from)).toISOString(),
    toInstant: new Date(startOf(to) + DAY_MS).toISOString(),
  };
}
