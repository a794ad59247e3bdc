/**
 * `Idempotency-Key` on writes that start a job (an import, an EPCIS capture): the first answer points to its
 * job, and a retry with the same key and body gets that answer. One exception: a job a crash interrupted
 * (failed `INTERRUPTED` at the next start) did not finish what the request asked, so the retry that a
 * client sends after the crash starts the job again — under a key derived from the interrupted job's id,
 * itself idempotent. Rows and events recorded before the crash are skipped by the job, never recorded twice.
 */
import { createIdempotencyStore } from "../../service-db/idempotency";
import type { ServiceDatabase } from "../../service-db/database";
import { findJob } from "../../service-db/jobs";

/** Retries after crashes followed at most (each one a restart): past it, the last key answers. */
const MAX_INTERRUPTIONS = 100;

/**
 * The key to store a job-starting request under: `key`, or — when the answer stored under it points to a job
 * a crash interrupted — the key of the retry after that job, and so on.
 *
 * @example
 * const stored = jobIdempotencyKey(db, "facility:mill-a", "import-42", (body) => body.id);
 */
export function jobIdempotencyKey(
  db: ServiceDatabase,
  principal: string,
  key: string,
  jobIdOf: (body: unknown) => unknown,
): string {
  const answers = createIdempotencyStore(db);
  let current = key;
  for (let retry = 0; retry < MAX_INTERRUPTIONS; retry++) {
    const stored = answers.find(principal, current);
    if (!stored) return current;
    let jobId: unknown;
    try {
      jobId = jobIdOf(JSON.parse(stored.response) as unknown);
    } catch {
      return current;
    }
    const job = typeof jobId === "string" ? findJob(db, jobId) : null;
    const interrupted = job?.status === "failed" && job.errors.some((error) => error.code === "INTERRUPTED");
    if (!interrupted) return current;
    current = `${key}#after:${job.id}`;
  }
  return current;
}
