/**
 * Captures run one after the other per service database, in the order received: a capture's events may
 * consume lots an earlier capture makes, and one running capture at a time bounds the work the service
 * does in the background. A capture that throws fails its job; it never stops the queue.
 */
import type { Logger } from "../logging/index";
import { finishJob } from "../service-db/jobs";
import type { CaptureDeps, CaptureResult, RunCaptureParameters } from "./capture";
import { runCapture } from "./capture";

const tails = new WeakMap<object, Promise<unknown>>();

/** Queues a capture (its job already created); resolves with its result once it has run. */
export function enqueueCapture(
  deps: CaptureDeps & { logger?: Logger },
  parameters: RunCaptureParameters,
): Promise<CaptureResult | null> {
  const previous = tails.get(deps.serviceDb) ?? Promise.resolve();
  const current = previous.then(() =>
    runCapture(deps, parameters).catch((error: unknown) => {
      deps.logger?.error({ err: error, captureId: parameters.captureId }, "capture failed");
      try {
        finishJob(deps.serviceDb, parameters.captureId, {
          status: "failed",
          done: 0,
          errors: [
            { code: "INTERNAL", message: "the capture could not be completed; nothing more was recorded" },
          ],
        });
      } catch {
        // The database is gone (the service is stopping): the next start fails the job as interrupted.
      }
      return null;
    }),
  );
  tails.set(deps.serviceDb, current);
  return current;
}
