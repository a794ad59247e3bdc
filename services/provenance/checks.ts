/**
 * Named verification checks and the one verdict they add up to. The shapes are the viewer's (web/view-model),
 * so the JSON a machine reads and the page a person reads say the same thing.
 */
import type { CheckKind, CheckStatus, CheckView, Verdict } from "../../web/view-model";

export type { CheckKind, CheckStatus, Verdict };
export type Check = CheckView;

/**
 * The verdict over a set of checks: any failed check means the records contradict the chain (`tampered`);
 * otherwise anything that could not be checked now leaves it `unverified`; otherwise `authentic`.
 * An empty list proves nothing: `unverified`.
 */
export function verdictOf(checks: readonly Pick<Check, "status">[]): Verdict {
  if (checks.some((check) => check.status === "failed")) return "tampered";
  if (checks.length === 0 || checks.some((check) => check.status === "unavailable")) return "unverified";
  return "authentic";
}

/** The worst status among `checks` (failed, then unavailable, then passed); passed for none. */
export function worstStatus(checks: readonly Pick<Check, "status">[]): CheckStatus {
  if (checks.some((check) => check.status === "failed")) return "failed";
  if (checks.some((check) => check.status === "unavailable")) return "unavailable";
  return "passed";
}

/** A short message for a caught error, without stack or internals; never carries secrets (no URLs with keys). */
export function errorDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return `${typeof code === "string" ? `${code}: ` : ""}${message}`.slice(0, 200);
}

/** `0x1234…abcd`: enough of a hash to tell two apart in a detail line. */
export function shortHex(value: string): string {
  return value.length > 16 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
}
