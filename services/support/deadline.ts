/**
 * Deadlines on reads of a store or a node: a promise that does not settle in time becomes an UNAVAILABLE
 * error, so a caller can answer "could not check now" instead of waiting.
 */
import { UnavailableError } from "../errors/index";

/** `promise`, or an UNAVAILABLE error after `ms` milliseconds. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnavailableError(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
