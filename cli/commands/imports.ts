/**
 * Spreadsheet import (`POST /api/v1/imports`): upload a CSV or XLSX file of one event kind, follow the job,
 * print every bad row (row, column, value, message); download the error file and the empty templates.
 */
import { basename } from "node:path";
import { Option } from "commander";
import type { Command } from "commander";
import { CliError, ReportedFailure } from "../errors";
import type { Refusal } from "../errors";
import { EXIT } from "../exit-codes";
import { capped } from "../format";
import { followJob } from "../progress";
import { contextOf, readInput, saveResponse, segment, sha256Hex } from "../context";
import type { Context } from "../context";

export const IMPORT_KINDS = ["fabric-lots", "cuttings", "sewings", "shipments"] as const;

/** An import job as `GET /api/v1/imports/{id}` answers it. */
export interface ImportJob {
  id: string;
  kind: string;
  mode: "dry-run" | "commit";
  errorBehaviour: "rollback" | "proceed";
  status: "running" | "success" | "failed";
  done: number;
  total: number;
  recorded: number;
  skipped: number;
  errors: { row: number; column?: string; value?: unknown; code?: string; message: string }[];
  errorFileUrl?: string;
}

export const rowRefusals = (job: ImportJob): Refusal[] =>
  job.errors.map((error) => ({
    where: `row ${error.row}${error.column ? `, column ${JSON.stringify(error.column)}` : ""}`,
    message: error.message,
    ...(error.value === undefined || error.value === "" ? {} : { value: error.value }),
  }));

/** The job's outcome in words; exits 1 (after printing it) when any row was refused. */
export function reportImport(context: Context, job: ImportJob): void {
  const refused = job.errors.length > 0 || job.status === "failed";
  const headline =
    job.status === "running"
      ? `import ${job.id} is running: ${job.done}/${job.total} rows`
      : job.mode === "dry-run"
        ? `dry run of ${job.total} rows: ${refused ? `${job.errors.length} bad — nothing recorded` : "every row is good — nothing recorded"}`
        : // "failed" says some row was refused; with proceed the good rows are in, so count what was recorded.
          job.status === "failed" && job.recorded === 0 && job.skipped === 0
          ? `import refused (${job.errorBehaviour}): nothing recorded, ${job.errors.length} bad rows`
          : `imported ${job.recorded} rows, ${job.skipped} already recorded (skipped)${job.errors.length ? `, ${job.errors.length} bad rows left out` : ""}`;
  const lines = [
    headline,
    ...capped(
      rowRefusals(job).map(
        (refusal) =>
          `  ${refusal.where}: ${refusal.message}${refusal.value === undefined ? "" : ` (value: ${JSON.stringify(refusal.value)})`}`,
      ),
      50,
      `rows: threadproof errors ${job.id} -o bad-rows.csv`,
    ),
  ];
  if (job.errors.length > 0)
    lines.push(
      `the bad rows with their messages: ${job.errorFileUrl ? context.client.url(job.errorFileUrl).href : `/api/v1/imports/${job.id}/errors.csv`}`,
      `  download them: threadproof errors ${job.id} -o bad-rows.csv`,
    );
  lines.push(`job: ${job.id}`);
  context.out.result(job, lines);
  if (job.status !== "running" && refused) throw new ReportedFailure(EXIT.REFUSED);
}

export async function followImport(context: Context, path: string): Promise<ImportJob> {
  return followJob(context.out, "rows", async () => {
    const job = await context.client.json<ImportJob>("GET", path);
    return { done: job.done, total: job.total, finished: job.status !== "running", job };
  });
}

export function registerImportCommands(program: Command): void {
  program
    .command("import")
    .description("Import a CSV or XLSX file of one event kind: a dry run, or a commit that follows the job")
    .argument("<file>", "the CSV or XLSX file (its type is read from its bytes)")
    .addOption(
      new Option("--kind <kind>", "the events the file holds").choices(IMPORT_KINDS).makeOptionMandatory(),
    )
    .option("--dry-run", "check every row and record nothing")
    .addOption(
      new Option("--on-error <behaviour>", "a commit with bad rows: record nothing, or the good rows")
        .choices(["rollback", "proceed"])
        .default("rollback"),
    )
    .option("--wait", "follow the job until it ends (the default)", true)
    .option("--no-wait", "print the job id as soon as the file is accepted")
    .addHelpText(
      "after",
      `
Examples:
  threadproof import cuttings.xlsx --kind cuttings --dry-run
  threadproof import cuttings.xlsx --kind cuttings --on-error proceed
  threadproof --json import lots.csv --kind fabric-lots --dry-run | jq '.errors'

Importing the same file again records nothing twice: rows recorded before are counted as skipped.
A commit also sends an Idempotency-Key derived from the file's hash (--idempotency-key sets it).`,
    )
    .action(
      async (
        file: string,
        options: { kind: string; dryRun?: boolean; onError: string; wait: boolean },
        command: Command,
      ) => {
        const context = contextOf(command);
        const bytes = readInput(file);
        const mode = options.dryRun ? "dry-run" : "commit";
        const form = new FormData();
        form.append("kind", options.kind);
        form.append("mode", mode);
        if (mode === "commit") form.append("errorBehaviour", options.onError);
        form.append("file", new Blob([new Uint8Array(bytes)]), basename(file));
        // A dry run records nothing: a fresh key each time, so a fixed file is checked anew.
        const derived =
          mode === "commit"
            ? `threadproof-cli:import:${options.kind}:${options.onError}:${sha256Hex(bytes)}`
            : undefined;
        const response = await context.client.request("POST", "/api/v1/imports", {
          body: form,
          idempotencyKey: context.idempotencyKey(derived),
        });
        const accepted = (await response.json().catch(() => ({}))) as Partial<ImportJob>;
        const location =
          response.headers.get("location") ??
          (accepted.id ? `/api/v1/imports/${segment(accepted.id)}` : undefined);
        if (!location) throw new CliError("the server accepted the file but named no job", EXIT.UNAVAILABLE);
        if (!options.wait) {
          context.out.result(accepted, [
            `import accepted: job ${accepted.id ?? location}`,
            `  follow it: threadproof job ${accepted.id ?? ""}`,
          ]);
          return;
        }
        reportImport(context, await followImport(context, location));
      },
    );

  program
    .command("errors")
    .description("Download an import's bad rows as CSV (the rows as uploaded plus a message column)")
    .argument("<job>", "the import job id")
    .requiredOption("-o, --output <file>", "where to write the CSV (- for stdout)")
    .addHelpText("after", "\nExample:\n  threadproof errors 3f2c… -o bad-rows.csv")
    .action(async (job: string, options: { output: string }, command: Command) => {
      const context = contextOf(command);
      const response = await context.client.request("GET", `/api/v1/imports/${segment(job)}/errors.csv`, {
        headers: { accept: "text/csv" },
      });
      const size = await saveResponse(response, options.output, context.out);
      if (options.output !== "-")
        context.out.result(
          { job, file: options.output, bytes: size },
          `wrote ${options.output} (${size} bytes)`,
        );
    });

  program
    .command("template")
    .description("Download the empty import template of one event kind")
    .argument("<kind>", `one of ${IMPORT_KINDS.join(", ")}`)
    .addOption(new Option("--lang <lang>", "the header row's language").choices(["vi", "en"]))
    .addOption(
      new Option("--format <format>", "CSV, or XLSX with a guide sheet")
        .choices(["csv", "xlsx"])
        .default("xlsx"),
    )
    .requiredOption("-o, --output <file>", "where to write it (- for stdout)")
    .addHelpText(
      "after",
      "\nExamples:\n  threadproof template cuttings --lang vi -o cat-vai.xlsx\n  threadproof template shipments --format csv -o shipments.csv",
    )
    .action(
      async (kind: string, options: { lang?: string; format: string; output: string }, command: Command) => {
        const context = contextOf(command);
        if (!(IMPORT_KINDS as readonly string[]).includes(kind))
          throw new CliError(`unknown kind '${kind}': one of ${IMPORT_KINDS.join(", ")}`, EXIT.USAGE);
        const response = await context.client.request(
          "GET",
          `/api/v1/imports/templates/${kind}.${options.format}`,
          {
            query: { lang: options.lang },
            headers: { accept: "*/*" },
          },
        );
        const size = await saveResponse(response, options.output, context.out);
        if (options.output !== "-")
          context.out.result(
            { kind, file: options.output, bytes: size },
            `wrote ${options.output} (${size} bytes)`,
          );
      },
    );
}
