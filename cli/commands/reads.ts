/** Reads: a job (import or capture), a lot, a batch's label sheet. */
import type { Command } from "commander";
import { CliError } from "../errors";
import { EXIT } from "../exit-codes";
import { fields, quantity } from "../format";
import { contextOf, saveResponse, segment } from "../context";
import { followCapture, reportCapture } from "./epcis";
import type { CaptureJob } from "./epcis";
import { followImport, reportImport } from "./imports";
import type { ImportJob } from "./imports";

export function registerReadCommands(program: Command): void {
  program
    .command("job")
    .description("Show an import or EPCIS capture job: progress, outcome and every refused row or event")
    .argument("<id>", "the job id that import or capture printed")
    .option("--wait", "follow the job until it ends")
    .addHelpText("after", "\nExamples:\n  threadproof job 3f2c…\n  threadproof --json job 3f2c… --wait")
    .action(async (id: string, options: { wait?: boolean }, command: Command) => {
      const context = contextOf(command);
      const importPath = `/api/v1/imports/${segment(id)}`;
      const capturePath = `/epcis/capture/${segment(id)}`;
      // One id space for people, two routes on the server: an import first, then a capture.
      const kind = await context.client
        .json<ImportJob>("GET", importPath)
        .then((job) => ({ import: job }) as const)
        .catch(async (error: unknown) => {
          if (!(error instanceof CliError) || error.exitCode !== EXIT.NOT_FOUND) throw error;
          return context.client
            .json<CaptureJob>("GET", capturePath)
            .then((job) => ({ capture: job }) as const)
            .catch((inner: unknown) => {
              if (inner instanceof CliError && inner.exitCode === EXIT.NOT_FOUND)
                throw new CliError(
                  `no import or capture job '${id}' of yours`,
                  EXIT.NOT_FOUND,
                  inner.details,
                );
              throw inner;
            });
        });
      if ("import" in kind) {
        const job =
          options.wait && kind.import.status === "running"
            ? await followImport(context, importPath)
            : kind.import;
        reportImport(context, job);
        return;
      }
      const job =
        options.wait && kind.capture.running ? await followCapture(context, capturePath) : kind.capture;
      reportCapture(context, job);
    });

  program
    .command("lot")
    .description("Show a lot (GET /api/v1/lots/{id}): kind, quantities, facility, inputs and record")
    .argument("<id>", "the lot id")
    .addHelpText(
      "after",
      "\nExamples:\n  threadproof lot SEW-0001\n  threadproof --json lot FL-0001 | jq .remaining",
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const lot = await context.client.json<Record<string, unknown>>("GET", `/api/v1/lots/${segment(id)}`, {
        auth: false,
      });
      const facility = lot.facility as { id?: string; name?: string } | undefined;
      const record = lot.record as { cid?: string } | undefined;
      const inputs = (lot.inputs ?? []) as { lotId?: string; quantity?: unknown }[];
      context.out.result(lot, [
        ...fields(lot, ["id", "kind", "description", "occurredAt"]),
        `quantity:    ${quantity({ amount: lot.quantity, unit: lot.unit })} (remaining ${quantity({ amount: lot.remaining, unit: lot.unit })})`,
        ...(facility
          ? [`facility:    ${facility.id ?? "-"}${facility.name ? ` (${facility.name})` : ""}`]
          : []),
        ...inputs.map((input) => `input:       ${input.lotId ?? "-"} ${quantity(input.quantity)}`),
        ...(record?.cid ? [`record:      ${record.cid}`] : []),
      ]);
    });

  program
    .command("labels")
    .description("Download a garment batch's label sheet PDF (your own facility's batches)")
    .argument("<lot>", "the sewn batch's lot id")
    .requiredOption("-o, --output <file>", "where to write the PDF (- for stdout)")
    .addHelpText("after", "\nExample:\n  threadproof labels SEW-0001 -o labels.pdf")
    .action(async (lot: string, options: { output: string }, command: Command) => {
      const context = contextOf(command);
      const response = await context.client.request("GET", `/api/v1/lots/${segment(lot)}/labels.pdf`, {
        headers: { accept: "application/pdf" },
      });
      const size = await saveResponse(response, options.output, context.out);
      if (options.output !== "-")
        context.out.result(
          { lot, file: options.output, bytes: size },
          `wrote ${options.output} (${size} bytes)`,
        );
    });
}
