/**
 * A small per-client budget for one costly kind of public request (an uncached certificate PDF), apart from
 * the public rate limit: that limit lets a client make hundreds of cheap reads a minute, but a few hundred
 * PDF renders a minute would keep both cores busy. Counted per client address (as the public limiter derives
 * it) in fixed one-minute windows; over budget answers 429 RATE_LIMITED with Retry-After.
 */
import type { Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import { AppError } from "../errors/index";

export interface ClientBudget {
  /** Takes one unit for `clientIp`, or sets Retry-After on `response` and throws RATE_LIMITED. */
  take(clientIp: string, response: Response): void;
}

/** Clients remembered at most; the oldest windows go first (a flood of addresses cannot grow it without bound). */
const MAX_CLIENTS = 10_000;

export function createClientBudget(params: {
  name: string;
  perMinute: number;
  now?: () => number;
}): ClientBudget {
  const now = params.now ?? Date.now;
  const windows = new Map<string, { start: number; used: number }>();
  return {
    take(clientIp, response) {
      const key = ipKeyGenerator(clientIp);
      const at = now();
      let window = windows.get(key);
      if (!window || at - window.start >= 60_000) {
        windows.delete(key);
        window = { start: at, used: 0 };
        windows.set(key, window);
        if (windows.size > MAX_CLIENTS) windows.delete(windows.keys().next().value!);
      }
      if (window.used >= params.perMinute) {
        const resetsAt = new Date(window.start + 60_000);
        const retryAfterSeconds = Math.max(1, Math.ceil((resetsAt.getTime() - at) / 1000));
        response.set("Retry-After", String(retryAfterSeconds));
        throw new AppError(
          "RATE_LIMITED",
          `At most ${params.perMinute} ${params.name} per client per minute; retry in ${retryAfterSeconds} s`,
          {
            details: {
              limit: params.perMinute,
              budget: params.name,
              resetsAt: resetsAt.toISOString(),
              retryAfterSeconds,
            },
          },
        );
      }
      window.used++;
    },
  };
}
