/**
 * Where a command's words go: with `--json` stdout carries exactly one JSON document (the answer or the
 * error) and everything else goes to stderr; without it, results go to stdout and progress, warnings and
 * errors to stderr. Every line passes through {@link Output.redact}, so the API key cannot leak into
 * output even if a server ever echoed it.
 */
import { CliError } from "./errors";

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** Strings never to print (the API key). */
  secrets: readonly string[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream | NodeJS.WritableStream;
}

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  private readonly secrets: readonly string[];
  private wroteJson = false;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.quiet = options.quiet;
    this.secrets = options.secrets.filter((secret) => secret.length > 0);
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
  }

  /** Whether stderr is a terminal that can redraw a progress bar. */
  get stderrIsTty(): boolean {
    return (this.stderr as NodeJS.WriteStream).isTTY === true;
  }

  redact(text: string): string {
    let safe = text;
    for (const secret of this.secrets) safe = safe.split(secret).join("[redacted]");
    return safe;
  }

  /** The command's answer: `value` as JSON with --json, else the human lines. */
  result(value: unknown, human: string | string[]): void {
    if (this.json) {
      this.writeJson(value);
      return;
    }
    const lines = Array.isArray(human) ? human : [human];
    if (lines.length > 0) this.stdout.write(this.redact(lines.join("\n")) + "\n");
  }

  /** Progress and notes for people: stderr, not with --quiet. */
  info(message: string): void {
    if (!this.quiet) this.stderr.write(this.redact(message) + "\n");
  }

  warn(message: string): void {
    if (!this.quiet) this.stderr.write(this.redact(`warning: ${message}`) + "\n");
  }

  /** A failed command: the message (and each refusal) on stderr; with --json, the error document on stdout. */
  error(error: CliError): void {
    const lines = [`error: ${error.message}`];
    for (const refusal of error.details.refusals ?? [])
      lines.push(
        `  ${refusal.where}: ${refusal.message}${refusal.value === undefined ? "" : ` (value: ${JSON.stringify(refusal.value)})`}`,
      );
    this.stderr.write(this.redact(lines.join("\n")) + "\n");
    if (this.json && !this.wroteJson)
      this.writeJson({
        error: {
          message: error.message,
          exitCode: error.exitCode,
          ...(error.details.status === undefined ? {} : { status: error.details.status }),
          ...(error.details.code === undefined ? {} : { code: error.details.code }),
          refusals: error.details.refusals ?? [],
          ...(error.details.body === undefined ? {} : { answer: error.details.body }),
        },
      });
  }

  private writeJson(value: unknown): void {
    if (this.wroteJson) throw new Error("one JSON document per command");
    this.wroteJson = true;
    this.stdout.write(this.redact(JSON.stringify(value, null, 2)) + "\n");
  }
}

export { CliError };
