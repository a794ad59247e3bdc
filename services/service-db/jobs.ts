/**
 * The register of background jobs (an EPCIS capture, later a spreadsheet import): who started it, how far it
 * got, how it ended and why each failed item failed. Durable, so a client polling a job after a restart
 * still gets its answer; a job a crash interrupted is marked failed on the next start, never left running.
 */
import { oncePer } from "../support/once-per";
import type { ServiceDatabase } from "./database";

export type JobStatus = "running" | "success" | "failed";

/** Why one item of a job (an event, a row) failed; the job's kind decides what names the item. */
export interface JobError {
  /** The item's position in the job's input (an event's index in `eventList`, a row number). */
  index?: number;
  /** The item's own identity when it has one (an EPCIS `eventID`). */
  itemId?: string;
  /** JSON pointer (or column) of the offending field. */
  pointer?: string;
  /** The offending value as the input held it (a spreadsheet cell), when it helps to show it. */
  value?: string;
  code: string;
  message: string;
}

export interface Job {
  id: string;
  kind: string;
  /** The principal that started it, e.g. `facility:mill-a`: only it reads the job. */
  owner: string;
  status: JobStatus;
  done: number;
  total: number;
  errors: JobError[];
  /** What the job's kind reports besides counts (e.g. per-event outcomes), JSON. */
  result: unknown;
  createdAt: string;
  finishedAt: string | null;
}

/** At most this many item errors are kept per job (a 100,000-row file could otherwise fail 100,000 times). */
export const MAX_JOB_ERRORS = 1000;

interface JobRow {
  id: string;
  kind: string;
  owner: string;
  status: JobStatus;
  done: number;
  total: number;
  errors: string;
  result: string | null;
  created_at: string;
  finished_at: string | null;
}

const statements = oncePer((db: ServiceDatabase) => {
  return {
    insert: db.prepare(
      `INSERT INTO jobs (id, kind, owner, status, done, total, errors, result, created_at)
       VALUES (?, ?, ?, 'running', 0, ?, '[]', NULL, ?)`,
    ),
    progress: db.prepare("UPDATE jobs SET done = ? WHERE id = ? AND status = 'running'"),
    state: db.prepare(
      "UPDATE jobs SET done = ?, total = ?, result = coalesce(?, result) WHERE id = ? AND status = 'running'",
    ),
    finish: db.prepare(
      `UPDATE jobs SET status = ?, done = ?, errors = ?, result = ?, finished_at = ?
       WHERE id = ? AND status = 'running'`,
    ),
    find: db.prepare<[string], JobRow>("SELECT * FROM jobs WHERE id = ?"),
    interrupt: db.prepare(
      `UPDATE jobs SET status = 'failed', finished_at = ?,
         errors = json_insert(errors, '$[#]', json_object('code', 'INTERRUPTED',
           'message', 'the service stopped before the job finished'))
       WHERE status = 'running'`,
    ),
  };
});

/** Registers a new running job with `total` items, none done yet. */
export function createJob(
  db: ServiceDatabase,
  job: { id: string; kind: string; owner: string; total: number; createdAt?: Date },
): void {
  statements(db).insert.run(
    job.id,
    job.kind,
    job.owner,
    job.total,
    (job.createdAt ?? new Date()).toISOString(),
  );
}

/** Records how many items a running job has done. */
export function recordJobProgress(db: ServiceDatabase, id: string, done: number): void {
  statements(db).progress.run(done, id);
}

/**
 * Records how far a running job got when its total is learnt as it goes (a streamed file's rows), and what
 * its kind reports so far (`result`, kept as it was when absent).
 */
export function recordJobState(
  db: ServiceDatabase,
  id: string,
  state: { done: number; total: number; result?: unknown },
): void {
  statements(db).state.run(
    state.done,
    state.total,
    state.result === undefined ? null : JSON.stringify(state.result),
    id,
  );
}

/** Ends a running job; a job already finished is left as it ended. Keeps at most {@link MAX_JOB_ERRORS} errors. */
export function finishJob(
  db: ServiceDatabase,
  id: string,
  outcome: { status: "success" | "failed"; done: number; errors: readonly JobError[]; result?: unknown },
): void {
  statements(db).finish.run(
    outcome.status,
    outcome.done,
    JSON.stringify(outcome.errors.slice(0, MAX_JOB_ERRORS)),
    outcome.result === undefined ? null : JSON.stringify(outcome.result),
    new Date().toISOString(),
    id,
  );
}

/** The job with this id, or null. */
export function findJob(db: ServiceDatabase, id: string): Job | null {
  const row = statements(db).find.get(id);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    owner: row.owner,
    status: row.status,
    done: row.done,
    total: row.total,
    errors: JSON.parse(row.errors) as JobError[],
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** Marks every job still running as failed (`INTERRUPTED`): called once at start, when none can be running. */
export function failInterruptedJobs(db: ServiceDatabase): number {
  return statements(db).interrupt.run(new Date().toISOString()).changes;
}
