/** The certifier's commands: assess a lot's origin, compare agreements, issue, revoke and fetch certificates. */
import type { Command } from "commander";
import { CliError } from "../errors";
import { EXIT } from "../exit-codes";
import { fields } from "../format";
import { contextOf, readJsonFile, saveResponse, segment } from "../context";

const definedOnly = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined));

export function registerCertifierCommands(program: Command): void {
  program
    .command("assess")
    .description("Assess a lot's origin under one agreement from its recorded provenance, and store it")
    .argument("<subject>", "the lot id (a sewn batch or a shipment)")
    .requiredOption("--fta <fta>", "the agreement: CPTPP, EVFTA, UKVFTA, RCEP, …")
    .option("--destination <cc>", "the importing country")
    .option("--date <yyyy-mm-dd>", "the date the rules are read at (default today)")
    .addHelpText("after", "\nExample:\n  threadproof assess SHP-0001 --fta EVFTA --destination DE")
    .action(
      async (
        subject: string,
        options: { fta: string; destination?: string; date?: string },
        command: Command,
      ) => {
        const context = contextOf(command);
        const answer = await context.client.json<Record<string, unknown>>(
          "POST",
          "/api/v1/origin/assessments",
          {
            json: definedOnly({
              subjectId: subject,
              fta: options.fta,
              importingCountry: options.destination,
              date: options.date,
            }),
            idempotencyKey: context.idempotencyKey(),
          },
        );
        const assessment = (answer.assessment ?? {}) as Record<string, unknown>;
        const checks = (assessment.checks ?? []) as { id?: string; passed?: boolean; detail?: string }[];
        context.out.result(answer, [
          ...fields(answer, ["id"]),
          ...fields(assessment, ["fta", "status", "provisional"]),
          ...checks.map(
            (check) =>
              `  ${check.passed ? "pass" : "FAIL"} ${check.id ?? ""}${check.detail ? `: ${check.detail}` : ""}`,
          ),
        ]);
      },
    );

  program
    .command("compare")
    .description("Compare every agreement for a lot's destination (POST /api/v1/origin/comparisons)")
    .argument("<subject>", "the lot id")
    .requiredOption("--destination <cc>", "the importing country")
    .option("--date <yyyy-mm-dd>", "the date the rules are read at (default today)")
    .addHelpText("after", "\nExample:\n  threadproof compare SHP-0001 --destination JP")
    .action(async (subject: string, options: { destination: string; date?: string }, command: Command) => {
      const context = contextOf(command);
      const answer = await context.client.json<Record<string, unknown>>(
        "POST",
        "/api/v1/origin/comparisons",
        {
          json: definedOnly({
            subjectId: subject,
            importingCountry: options.destination,
            date: options.date,
          }),
        },
      );
      const agreements = (answer.agreements ?? []) as Record<string, unknown>[];
      context.out.result(answer, [
        `${subject} to ${options.destination}:`,
        ...agreements.map(
          (agreement) =>
            `  ${String(agreement.fta).padEnd(8)} ${String(agreement.status)}${agreement.provisional ? " (provisional)" : ""}${agreement.certifiable ? ", certifiable" : ""}`,
        ),
      ]);
    });

  const certificate = program
    .command("certificate")
    .description("Certifier: issue, revoke and fetch origin certificates");

  certificate
    .command("issue")
    .description("Issue an origin certificate for a stored assessment, or a subject and agreement")
    .option("--from <file.json>", "the request body as JSON (the flags below override its fields)")
    .option("--assessment <id>", "the stored assessment to certify")
    .option("--subject <lot>", "the lot id (with --fta)")
    .option("--fta <fta>", "the agreement")
    .option("--destination <cc>", "the importing country")
    .option("--date <yyyy-mm-dd>", "the date the rules are read at")
    .option("--role <role>", "the certifier's role: exporter, producer or importer")
    .option("--proof-type <type>", "the proof of origin (eur1, form-e, rcep-certificate, …)")
    .option("--place <place>", "where it is issued")
    .addHelpText(
      "after",
      "\nExamples:\n  threadproof certificate issue --assessment 7d1e… --place Hanoi\n  threadproof certificate issue --from importer-details.json --subject SHP-0001 --fta EVFTA",
    )
    .action(
      async (
        options: {
          from?: string;
          assessment?: string;
          subject?: string;
          fta?: string;
          destination?: string;
          date?: string;
          role?: string;
          proofType?: string;
          place?: string;
        },
        command: Command,
      ) => {
        const context = contextOf(command);
        const base = options.from ? readJsonFile(options.from) : {};
        if (base === null || typeof base !== "object" || Array.isArray(base))
          throw new CliError(`${options.from}: the request body must be a JSON object`, EXIT.USAGE);
        const body = {
          ...(base as Record<string, unknown>),
          ...definedOnly({
            assessmentId: options.assessment,
            subjectId: options.subject,
            fta: options.fta,
            importingCountry: options.destination,
            date: options.date,
            certifierRole: options.role,
            proofType: options.proofType,
            place: options.place,
          }),
        };
        const answer = await context.client.json<Record<string, unknown>>(
          "POST",
          "/api/v1/origin/certificates",
          {
            json: body,
            idempotencyKey: context.idempotencyKey(),
          },
        );
        const links = (answer.links ?? {}) as Record<string, string>;
        context.out.result(answer, [
          ...fields(answer, ["id", "fta", "subjectId", "validFrom", "validUntil", "txHash"]),
          ...Object.entries(links).map(
            ([name, link]) => `${`${name}:`.padEnd(12)}${context.client.url(link).href}`,
          ),
        ]);
      },
    );

  certificate
    .command("revoke")
    .description("Revoke a certificate, with the reason recorded")
    .argument("<id>", "the certificate id")
    .requiredOption("--reason <text>", "why (kept in IPFS with the revocation)")
    .addHelpText(
      "after",
      "\nExample:\n  threadproof certificate revoke 0x4c… --reason 'issued on a wrong invoice'",
    )
    .action(async (id: string, options: { reason: string }, command: Command) => {
      const context = contextOf(command);
      const answer = await context.client.json<Record<string, unknown>>(
        "POST",
        `/api/v1/origin/certificates/${segment(id)}/revoke`,
        { json: { reason: options.reason }, idempotencyKey: context.idempotencyKey() },
      );
      context.out.result(answer, fields(answer, ["id", "revoked", "reason", "revokedAt", "txHash"]));
    });

  certificate
    .command("get")
    .description("Show a certificate, or download its PDF with -o")
    .argument("<id>", "the certificate id")
    .option("-o, --output <file.pdf>", "write the certificate's PDF here (- for stdout)")
    .addHelpText(
      "after",
      "\nExamples:\n  threadproof certificate get 0x4c…\n  threadproof certificate get 0x4c… -o certificate.pdf",
    )
    .action(async (id: string, options: { output?: string }, command: Command) => {
      const context = contextOf(command);
      if (options.output) {
        const response = await context.client.request(
          "GET",
          `/api/v1/origin/certificates/${segment(id)}.pdf`,
          {
            auth: false,
            headers: { accept: "application/pdf" },
          },
        );
        const size = await saveResponse(response, options.output, context.out);
        if (options.output !== "-")
          context.out.result(
            { id, file: options.output, bytes: size },
            `wrote ${options.output} (${size} bytes)`,
          );
        return;
      }
      const answer = await context.client.json<Record<string, unknown>>(
        "GET",
        `/api/v1/origin/certificates/${segment(id)}`,
        {
          auth: false,
        },
      );
      context.out.result(
        answer,
        fields(answer, ["id", "fta", "subjectId", "issuer", "validFrom", "validUntil", "status", "revoked"]),
      );
    });
}
