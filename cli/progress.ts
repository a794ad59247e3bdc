/**
 * Follows a running job (an import or an EPCIS capture) until it stops: a redrawn progress bar
 * (cli-progress) when stderr is a terminal, plain "n/total" lines when it is a pipe or a log file, nothing
 * with --quiet. Progress never goes to stdout, which stays for the answer.
 */
import { setTimeout as sleep } from "node:timers/promises";
import cliProgress from "cli-progress";
import type { Output } from "./output";

export interface JobProgress<T> {
  done: number;
  total: number;
  finished: boolean;
  job: T;
}

/** Polls `poll` every `intervalMs` until the job is finished; answers the last job seen. */
export async function followJob<T>(
  out: Output,
  unit: string,
  poll: () => Promise<JobProgress<T>>,
  intervalMs = 500,
): Promise<T> {
  const bar =
    !out.quiet && out.stderrIsTty
      ? new cliProgress.SingleBar(
          {
            stream: out.stderr as NodeJS.WriteStream,
            format: `{bar} {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let lastLine = "";
  let lastLineAt = 0;
  let started = false;
  try {
    for (;;) {
      const progress = await poll();
      if (bar) {
        if (!started) bar.start(Math.max(progress.total, 1), progress.done);
        else {
          bar.setTotal(Math.max(progress.total, 1));
          bar.update(progress.done);
        }
        started = true;
      } else {
        // A plain line when the count moved, at most one a second while running, and always the last one.
        const line = `${progress.done}/${progress.total} ${unit}`;
        if (line !== lastLine && (progress.finished || Date.now() - lastLineAt >= 1000)) {
          out.info(line);
          lastLine = line;
          lastLineAt = Date.now();
        }
      }
      if (progress.finished) return progress.job;
      await sleep(intervalMs);
    }
  } finally {
    bar?.stop();
  }
}
