/** The operator's commands: facilities (register, suspend, reactivate, GS1 prefixes, API keys) and certifiers. */
import type { Command } from "commander";
import { fields } from "../format";
import { contextOf, segment } from "../context";
import type { Context } from "../context";

/** A repeatable option (`--role fabric --role cutting`), commas allowed (`--role fabric,cutting`). */
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
];

/** A POST that writes; its Idempotency-Key is random per invocation unless --idempotency-key is given. */
const write = <T>(context: Context, path: string, json?: unknown) =>
  context.client.json<T>("POST", path, {
    ...(json === undefined ? {} : { json }),
    idempotencyKey: context.idempotencyKey(),
  });

const keyLines = (apiKey: unknown) =>
  typeof apiKey === "string"
    ? [`api key:      ${apiKey}`, "  shown once: store it now (a retry of this command answers without it)"]
    : ["api key:      (not shown again: this answers a retry; issue a new one with `facility key`)"];

export function registerOperatorCommands(program: Command): void {
  const facility = program.command("facility").description("Operator: register and manage facilities");

  facility
    .command("register")
    .description("Register a facility; prints its API key once")
    .requiredOption("--id <id>", "the facility id (lowercase, e.g. thai-nguyen-garment)")
    .requiredOption("--name <name>", "its name")
    .requiredOption("--country <cc>", "ISO 3166 alpha-2 country")
    .requiredOption(
      "--role <role>",
      "fabric, cutting, sewing or shipping (repeat or comma-separate)",
      collect,
    )
    .option("--gtin-prefix <prefix>", "a GS1 company prefix it may label (repeat or comma-separate)", collect)
    .addHelpText(
      "after",
      "\nExample:\n  threadproof facility register --id tn-garment --name 'Thai Nguyen Garment' --country VN \\\n    --role cutting,sewing --gtin-prefix 8938505",
    )
    .action(
      async (
        options: { id: string; name: string; country: string; role: string[]; gtinPrefix?: string[] },
        command: Command,
      ) => {
        const context = contextOf(command);
        const answer = await write<Record<string, unknown>>(context, "/api/v1/facilities", {
          id: options.id,
          name: options.name,
          country: options.country,
          roles: options.role,
          ...(options.gtinPrefix ? { gtinPrefixes: options.gtinPrefix } : {}),
        });
        context.out.result(answer, [
          ...fields(answer, ["id", "name", "country", "roles", "gtinPrefixes", "account", "txHash"]),
          ...keyLines(answer.apiKey),
        ]);
      },
    );

  for (const [name, action, description] of [
    ["suspend", "suspend", "Suspend a facility: its key records nothing until it is reactivated"],
    ["reactivate", "reinstate", "Reactivate a suspended facility"],
  ] as const) {
    facility
      .command(name)
      .description(description)
      .argument("<id>", "the facility id")
      .addHelpText("after", `\nExample:\n  threadproof facility ${name} tn-garment`)
      .action(async (id: string, _options: unknown, command: Command) => {
        const context = contextOf(command);
        const answer = await write<Record<string, unknown>>(
          context,
          `/api/v1/facilities/${segment(id)}/${action}`,
        );
        context.out.result(answer, fields(answer, ["id", "suspended", "txHash"]));
      });
  }

  facility
    .command("prefixes")
    .description("Let a facility label GTINs under these GS1 company prefixes")
    .argument("<id>", "the facility id")
    .argument("<prefix...>", "GS1 company prefixes")
    .addHelpText("after", "\nExample:\n  threadproof facility prefixes tn-garment 8938505 8938506")
    .action(async (id: string, prefixes: string[], _options: unknown, command: Command) => {
      const context = contextOf(command);
      const answer = await write<Record<string, unknown>>(
        context,
        `/api/v1/facilities/${segment(id)}/gtin-prefixes`,
        {
          gtinPrefixes: prefixes,
        },
      );
      context.out.result(answer, fields(answer, ["id", "gtinPrefixes", "txHash"]));
    });

  facility
    .command("key")
    .description("Issue a new API key for a facility (the old one stops working); printed once")
    .argument("<id>", "the facility id")
    .addHelpText("after", "\nExample:\n  threadproof facility key tn-garment")
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const answer = await write<Record<string, unknown>>(
        context,
        `/api/v1/facilities/${segment(id)}/api-keys`,
      );
      context.out.result(answer, [...fields(answer, ["id"]), ...keyLines(answer.apiKey)]);
    });

  const certifier = program
    .command("certifier")
    .description("Operator: register certifiers and rotate their keys");

  certifier
    .command("register")
    .description("Register a certifier (its signing key is made on the server); prints its API key once")
    .requiredOption("--id <id>", "the certifier id")
    .requiredOption("--name <name>", "its name")
    .addHelpText("after", "\nExample:\n  threadproof certifier register --id vcci-hn --name 'VCCI Hanoi'")
    .action(async (options: { id: string; name: string }, command: Command) => {
      const context = contextOf(command);
      const answer = await write<Record<string, unknown>>(context, "/api/v1/certifiers", {
        id: options.id,
        name: options.name,
      });
      context.out.result(answer, [...fields(answer, ["id", "name", "account"]), ...keyLines(answer.apiKey)]);
    });

  certifier
    .command("rotate-key")
    .description("Rotate a certifier's signing key (operator or the certifier itself)")
    .argument("<id>", "the certifier id")
    .addHelpText("after", "\nExample:\n  threadproof certifier rotate-key vcci-hn")
    .action(async (id: string, _options: unknown, command: Command) => {
      const context = contextOf(command);
      const answer = await write<Record<string, unknown>>(
        context,
        `/api/v1/certifiers/${segment(id)}/key-rotation`,
      );
      context.out.result(answer, fields(answer, ["id", "did", "previousDid", "rotatedBy", "txHash"]));
    });
}
