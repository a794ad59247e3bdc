/**
 * A bound on how many of one kind of heavy request run at once (e.g. label sheets, which stream for a while):
 * `concurrency` run, `maxQueued` wait their turn, one more is refused at once with UNAVAILABLE (503) and a
 * Retry-After, so a flood cannot pile up work without limit.
 */
import { WorkersBusyError } from "./worker-pool";

export interface WorkLimiter {
  /** Runs `work` when a turn is free; rejects with UNAVAILABLE ({@link WorkersBusyError}) when all are taken. */
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly pending: number;
}

/**
 * @example
 * const sheets = createWorkLimiter({ name: "label sheet", concurrency: 1, maxQueued: 2 });
 * await sheets.run(() => writeLabelSheet(labels, response, options));
 */
export function createWorkLimiter(params: {
  name: string;
  concurrency?: number;
  maxQueued?: number;
  retryAfterSeconds?: number;
}): WorkLimiter {
  const concurrency = params.concurrency ?? 1;
  const maxQueued = params.maxQueued ?? 2;
  const waiting: (() => void)[] = [];
  let running = 0;
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next();
    }
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (waiting.length >= maxQueued)
          throw new WorkersBusyError(params.name, params.retryAfterSeconds ?? 5);
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      try {
        return await work();
      } finally {
        release();
      }
    },
    get pending() {
      return running + waiting.length;
    },
  };
}
