/**
 * A failed command: the exit code it means and what to tell the user. The message names the field, the row
 * or the event the server named, and never carries the API key.
 */
import type { ExitCode } from "./exit-codes";

/** One thing the server refused: a field of a body, or a cell of a spreadsheet row. */
export interface Refusal {
  /** A body field (`inputs.0.lotId`), an event pointer (`/epcisBody/eventList/1`) or `row 7, column Ngày`. */
  where: string;
  message: string;
  value?: unknown;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: {
      status?: number;
      code?: string;
      refusals?: Refusal[];
      /** The server's answer as it came, for `--json`. */
      body?: unknown;
    } = {},
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** The command has printed its answer (a dry run's bad rows, a capture's refused events) and must exit non-zero. */
export class ReportedFailure extends Error {
  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
    this.name = "ReportedFailure";
  }
}
