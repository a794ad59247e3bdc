/**
 * Load generation and statistics for the benchmark: N concurrent clients on loopback, each timing its own
 * requests, and nearest-rank percentiles over what they measured.
 */

/** Nearest-rank percentile (p in 0..100) of `values`, in their unit; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface LoadResult {
  /** Tasks that completed (resolved). */
  completed: number;
  /** Wall-clock time of the whole run in ms. */
  elapsedMs: number;
  /** Per-task latency in ms, of completed tasks. */
  latenciesMs: number[];
  /** Completed tasks per second. */
  perSecond: number;
}

/**
 * Runs `clients` concurrent loops; each calls `task(client, n)` until `count` tasks were started in total or
 * `durationMs` has passed, whichever comes first. A task that throws stops the run with that error.
 */
export async function runClients(params: {
  clients: number;
  count?: number;
  durationMs?: number;
  task: (client: number, n: number) => Promise<void>;
}): Promise<LoadResult> {
  const { clients, task } = params;
  const count = params.count ?? Number.POSITIVE_INFINITY;
  const deadline = performance.now() + (params.durationMs ?? Number.POSITIVE_INFINITY);
  const latenciesMs: number[] = [];
  let started = 0;
  const begin = performance.now();
  const loop = async (client: number) => {
    while (started < count && performance.now() < deadline) {
      const n = started++;
      const t0 = performance.now();
      await task(client, n);
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  const elapsedMs = performance.now() - begin;
  return {
    completed: latenciesMs.length,
    elapsedMs,
    latenciesMs,
    perSecond: (latenciesMs.length / elapsedMs) * 1000,
  };
}

/** Resident set size of this process in MiB. */
export function rssMiB(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}

/** Progress on stderr, so stdout carries only the table. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
