/**
 * Daily quotas per key: how much of each quota (uploads, upload bytes, stored assessments) a principal used on
 * one UTC day. A charge is taken before the work and given back if the work fails, so concurrent requests
 * cannot together overshoot a quota and a refused or failed request costs nothing.
 */
import { AppError } from "../errors/index";
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

/** One quota a request draws on: its name, the day's limit and how much this request takes. */
export interface UsageCharge {
  quota: string;
  limit: number;
  amount: number;
}

/** QUOTA_EXCEEDED: the principal used up a daily quota; the details name it and when it resets. */
export class QuotaExceededError extends AppError {
  constructor(details: { quota: string; limit: number; used: number; requested: number; resetsAt: string }) {
    super(
      "QUOTA_EXCEEDED",
      `Daily quota '${details.quota}' is used up (${details.used} of ${details.limit}, this request needs ${details.requested}); it resets at ${details.resetsAt}`,
      { details },
    );
  }
}

/** The UTC day of `now` as YYYY-MM-DD, and the instant the next one starts. */
export function usageDay(now: Date): { day: string; resetsAt: string } {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    day: new Date(start).toISOString().slice(0, 10),
    resetsAt: new Date(start + 86_400_000).toISOString(),
  };
}

const statements = oncePer((db: ServiceDatabase) => ({
  used: db.prepare<[string, string, string], { used: number }>(
    "SELECT used FROM usage WHERE principal = ? AND day = ? AND quota = ?",
  ),
  add: db.prepare(
    `INSERT INTO usage (principal, day, quota, used) VALUES (?, ?, ?, ?)
     ON CONFLICT (principal, day, quota) DO UPDATE SET used = MAX(0, used + excluded.used)`,
  ),
  prune: db.prepare("DELETE FROM usage WHERE day < ?"),
  // A refund that brings a day's use back to nothing leaves no row: a refused request changes no state.
  dropEmpty: db.prepare("DELETE FROM usage WHERE principal = ? AND day = ? AND quota = ? AND used <= 0"),
}));

/** How much of `quota` the principal used on the day of `now`. */
export function usageOf(db: ServiceDatabase, principal: string, quota: string, now = new Date()): number {
  return statements(db).used.get(principal, usageDay(now).day, quota)?.used ?? 0;
}

/** A taken charge: `refund()` gives it back (once), e.g. when the work it paid for failed. */
export interface UsageReceipt {
  refund(): void;
}

/**
 * Takes every charge at once, or none: QUOTA_EXCEEDED naming the first quota that the request would
 * overshoot. Usage of days before yesterday is dropped on the way.
 *
 * @example
 * const receipt = chargeUsage(db, "facility:mill-a", [{ quota: "uploads", limit: 1000, amount: 1 }]);
 * try { await work(); } catch (error) { receipt.refund(); throw error; }
 */
export function chargeUsage(
  db: ServiceDatabase,
  principal: string,
  charges: readonly UsageCharge[],
  now = new Date(),
): UsageReceipt {
  const { day, resetsAt } = usageDay(now);
  const s = statements(db);
  db.transaction(() => {
    for (const charge of charges) {
      const used = s.used.get(principal, day, charge.quota)?.used ?? 0;
      if (used + charge.amount > charge.limit) {
        throw new QuotaExceededError({
          quota: charge.quota,
          limit: charge.limit,
          used,
          requested: charge.amount,
          resetsAt,
        });
      }
    }
    for (const charge of charges) s.add.run(principal, day, charge.quota, charge.amount);
    s.prune.run(usageDay(new Date(now.getTime() - 86_400_000)).day);
  })();
  let refunded = false;
  return {
    refund() {
      if (refunded) return;
      refunded = true;
      try {
        db.transaction(() => {
          for (const charge of charges) {
            s.add.run(principal, day, charge.quota, -charge.amount);
            s.dropEmpty.run(principal, day, charge.quota);
          }
        })();
      } catch {
        // The database refuses writes (a full disk): the charge stays, erring towards refusing, never more.
      }
    },
  };
}
