/**
 * What `threadproof` exits with. Scripts branch on these, so they never change meaning; `--help` and the
 * README list them.
 */
export const EXIT = {
  OK: 0,
  /** The server refused the request: a field, a row or an event is invalid (a dry run with bad rows too). */
  REFUSED: 1,
  /** The command line itself is wrong (unknown option, missing argument): commander's own code. */
  USAGE: 2,
  /** No API key, an unknown one, or a key that may not do this (401/403). */
  AUTH: 3,
  /** The lot, job, facility or certificate does not exist (404). */
  NOT_FOUND: 4,
  /** The request conflicts with what is recorded (409: a duplicate id, not enough quantity left). */
  CONFLICT: 5,
  /** The server or the network is unavailable (5xx, connection refused, timeout), after retries. */
  UNAVAILABLE: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of an HTTP error status. */
export function exitCodeOfStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.AUTH;
  if (status === 404) return EXIT.NOT_FOUND;
  if (status === 409) return EXIT.CONFLICT;
  if (status === 429 || status >= 500) return EXIT.UNAVAILABLE;
  return EXIT.REFUSED;
}

export const EXIT_CODES_HELP = `Exit codes:
  0  done
  1  the server refused the request: the fields, rows or events are named (a dry run with bad rows too)
  2  usage error (unknown command or option, missing argument)
  3  authentication or authorization failed (401/403): check THREADPROOF_API_KEY
  4  not found (404)
  5  conflict with what is recorded (409: duplicate id, not enough quantity left, ...)
  6  server or network unavailable (5xx, connection refused, timeout), after retrying 429/503`;
