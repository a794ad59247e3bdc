/**
 * A small pool of worker threads for CPU-heavy work (garment Merkle trees, certificate PDFs), so that the
 * event loop keeps answering `/healthz` and scans while it runs. Bounded: `size` workers and at most
 * `maxQueued` tasks waiting; one more is refused with UNAVAILABLE (503) and a Retry-After, so a flood of
 * heavy requests queues nothing without limit. Workers start on first use and are replaced when one dies.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { UnavailableError } from "../errors/index";

/** UNAVAILABLE: the pool's workers are busy and its queue is full; `details.retryAfterSeconds` says when to retry. */
export class WorkersBusyError extends UnavailableError {
  constructor(pool: string, retryAfterSeconds: number) {
    super(`The service is busy with other ${pool} work; retry in ${retryAfterSeconds} s`, {
      details: { busy: pool, retryAfterSeconds },
    });
  }
}

export interface WorkerPool {
  /** Runs export `task` of the task module on `input` in a worker. Rejects with {@link WorkersBusyError} when full. */
  run<T>(task: string, input: unknown): Promise<T>;
  /** Tasks running and waiting now. */
  readonly pending: number;
  /** Stops the workers; tasks still waiting or running are rejected. */
  close(): Promise<void>;
}

export interface WorkerPoolParameters {
  /** Absolute path of the task module (TypeScript or JavaScript); its exports are the tasks. */
  tasks: string;
  /** Name in errors and logs, e.g. `garment tree`. */
  name: string;
  /** Workers (default 1: the machine's other core keeps serving). */
  size?: number;
  /** Tasks waiting beyond the running ones (default 8). */
  maxQueued?: number;
  /** What a refused caller is told to wait (default 2 s). */
  retryAfterSeconds?: number;
}

interface Job {
  id: number;
  task: string;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

const ENTRY = join(__dirname, "worker-entry.cjs");

/**
 * @example
 * const pool = createWorkerPool({ tasks: require.resolve("../garments/tasks"), name: "garment tree" });
 * const { root } = await pool.run("garmentCommitment", { secret, lotId: "SEW-0001", count: 100_000 });
 */
export function createWorkerPool(params: WorkerPoolParameters): WorkerPool {
  const size = params.size ?? 1;
  const maxQueued = params.maxQueued ?? 8;
  const retryAfterSeconds = params.retryAfterSeconds ?? 2;
  const waiting: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(ENTRY, { workerData: { tasks: params.tasks } });
    const slot: Slot = { worker, job: null };
    worker.on(
      "message",
      (message: { id: number; ok: boolean; output?: unknown; error?: { message: string } }) => {
        const job = slot.job;
        if (!job || job.id !== message.id) return;
        slot.job = null;
        if (message.ok) job.resolve(message.output);
        else job.reject(new Error(`${params.name} task '${job.task}' failed: ${message.error?.message}`));
        dispatch();
      },
    );
    const lost = (error: unknown) => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      slot.job?.reject(error instanceof Error ? error : new Error(`${params.name} worker stopped`));
      slot.job = null;
      if (!closed) dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`${params.name} worker exited with code ${code}`)));
    // An idle worker does not keep the process alive.
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const dispatch = () => {
    while (!closed && waiting.length > 0) {
      const slot = slots.find((s) => s.job === null) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = waiting.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task, input: job.input });
    }
    for (const slot of slots) if (slot.job === null) slot.worker.unref();
  };

  return {
    run<T>(task: string, input: unknown): Promise<T> {
      if (closed) return Promise.reject(new UnavailableError(`The ${params.name} workers are stopped`));
      const busy = slots.filter((s) => s.job !== null).length;
      if (busy >= size && waiting.length >= maxQueued)
        return Promise.reject(new WorkersBusyError(params.name, retryAfterSeconds));
      return new Promise<T>((resolve, reject) => {
        waiting.push({ id: nextId++, task, input, resolve: resolve as (value: unknown) => void, reject });
        dispatch();
      });
    },
    get pending() {
      return waiting.length + slots.filter((s) => s.job !== null).length;
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0))
        job.reject(new UnavailableError(`The ${params.name} workers are stopped`));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
