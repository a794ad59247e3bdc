/**
 * EPCIS 2.0 intake: `capture` posts an EPCISDocument to /epcis/capture and follows the capture job; `event`
 * posts one event to /epcis/events.
 */
import { Option } from "commander";
import type { Command } from "commander";
import { CliError, ReportedFailure } from "../errors";
import type { Refusal } from "../errors";
import { EXIT } from "../exit-codes";
import { capped } from "../format";
import { followJob } from "../progress";
import { contextOf, readInput, readJsonFile, segment, sha256Hex } from "../context";
import type { Context } from "../context";

/** A capture job as `GET /epcis/capture/{id}` answers it. */
export interface CaptureJob {
  captureID: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: "rollback" | "proceed";
  eventsDone: number;
  eventsTotal: number;
  captureRoot: string | null;
  events: { eventID?: string; outcome?: string }[];
  errors: { title?: string; code?: string; eventIndex?: number; eventID?: string; pointer?: string }[];
}

export const eventRefusals = (job: CaptureJob): Refusal[] =>
  job.errors.map((error) => ({
    where:
      error.pointer ??
      (error.eventIndex === undefined
        ? (error.eventID ?? "(document)")
        : `/epcisBody/eventList/${error.eventIndex}`),
    message: `${error.code ? `${error.code}: ` : ""}${error.title ?? ""}`,
  }));

export function reportCapture(context: Context, job: CaptureJob): void {
  const outcomes = new Map<string, number>();
  for (const event of job.events)
    outcomes.set(event.outcome ?? "?", (outcomes.get(event.outcome ?? "?") ?? 0) + 1);
  const counted = [...outcomes].map(([outcome, count]) => `${count} ${outcome}`).join(", ");
  const headline = job.running
    ? `capture ${job.captureID} is running: ${job.eventsDone}/${job.eventsTotal} events`
    : job.success && job.errors.length === 0
      ? `captured ${job.eventsTotal} events${counted ? ` (${counted})` : ""}`
      : job.success
        ? `captured with refusals (${job.captureErrorBehaviour}): ${counted || "no events"}, ${job.errors.length} refused`
        : `capture refused (${job.captureErrorBehaviour}): nothing recorded, ${job.errors.length} events refused`;
  const lines = [
    headline,
    ...capped(
      eventRefusals(job).map((refusal) => `  ${refusal.where}: ${refusal.message}`),
      50,
      `events: threadproof --json job ${job.captureID}`,
    ),
  ];
  if (job.captureRoot) lines.push(`capture root: ${job.captureRoot}`);
  lines.push(`job: ${job.captureID}`);
  context.out.result(job, lines);
  if (!job.running && (!job.success || job.errors.length > 0)) throw new ReportedFailure(EXIT.REFUSED);
}

export async function followCapture(context: Context, path: string): Promise<CaptureJob> {
  return followJob(context.out, "events", async () => {
    const job = await context.client.json<CaptureJob>("GET", path);
    return { done: job.eventsDone, total: job.eventsTotal, finished: !job.running, job };
  });
}

export function registerEpcisCommands(program: Command): void {
  program
    .command("capture")
    .description("Capture an EPCIS 2.0 document (POST /epcis/capture) and follow the capture job")
    .argument("<document>", "an EPCISDocument as JSON or JSON-LD")
    .addOption(
      new Option("--on-error <behaviour>", "an event refused: record nothing, or the other events")
        .choices(["rollback", "proceed"])
        .default("rollback"),
    )
    .option("--wait", "follow the job until it ends (the default)", true)
    .option("--no-wait", "print the job id as soon as the document is accepted")
    .addHelpText(
      "after",
      `
Examples:
  threadproof capture week-12.jsonld
  threadproof capture week-12.jsonld --on-error proceed
  THREADPROOF_API_KEY=… threadproof --json capture erp-export.json | jq .success

The same event captured twice is recorded once (the job says "duplicate").`,
    )
    .action(async (file: string, options: { onError: string; wait: boolean }, command: Command) => {
      const context = contextOf(command);
      const bytes = readInput(file);
      readJsonFile(file); // refuse a file that is not JSON before sending it
      const response = await context.client.request("POST", "/epcis/capture", {
        body: bytes,
        contentType: "application/ld+json",
        headers: { "gs1-capture-error-behaviour": options.onError },
        idempotencyKey: context.idempotencyKey(
          `threadproof-cli:capture:${options.onError}:${sha256Hex(bytes)}`,
        ),
      });
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (!location)
        throw new CliError("the server accepted the document but named no capture job", EXIT.UNAVAILABLE);
      const id = location.split("/").pop()!;
      if (!options.wait) {
        context.out.result({ captureID: id, location }, [
          `capture accepted: job ${id}`,
          `  follow it: threadproof job ${id}`,
        ]);
        return;
      }
      reportCapture(context, await followCapture(context, location));
    });

  program
    .command("event")
    .description("Capture one EPCIS event (POST /epcis/events), answered once it is recorded or kept")
    .argument("<event>", "one EPCIS event as JSON (with its @context)")
    .addHelpText("after", "\nExample:\n  threadproof event inspection.json")
    .action(async (file: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const event = readJsonFile(file);
      const answer = await context.client.json<{ eventID: string; outcome: string; duplicate?: boolean }>(
        "POST",
        "/epcis/events",
        {
          json: event,
          contentType: "application/ld+json",
          idempotencyKey: context.idempotencyKey(`threadproof-cli:event:${sha256Hex(JSON.stringify(event))}`),
        },
      );
      context.out.result(answer, [
        `${answer.duplicate ? "captured before" : "captured"}: ${answer.eventID} (${answer.outcome})`,
        `  read it: ${context.client.url(`/epcis/events/${segment(answer.eventID)}`).href}`,
      ]);
    });
}
