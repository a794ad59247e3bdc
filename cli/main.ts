/**
 * `threadproof`: the command line of the public API, for factory IT and scripts. A pure HTTP client: it
 * imports nothing from services/ (enforced by dependency-cruiser), so it speaks to any threadproof service
 * the way any other client does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { registerCertifierCommands } from "./commands/certifier";
import { registerEpcisCommands } from "./commands/epcis";
import { registerImportCommands } from "./commands/imports";
import { registerOperatorCommands } from "./commands/operator";
import { registerReadCommands } from "./commands/reads";
import { DEFAULT_URL } from "./context";
import { CliError, ReportedFailure } from "./errors";
import { EXIT, EXIT_CODES_HELP } from "./exit-codes";
import { Output } from "./output";

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string })
      .version;
  } catch {
    return "unknown";
  }
}

const seconds = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 3600)
    throw new InvalidArgumentError("seconds between 0 and 3600");
  return parsed;
};

export function buildProgram(): Command {
  const program = new Command("threadproof")
    .description(
      "The threadproof API from the command line: import spreadsheets, capture EPCIS, read lots, print labels, run the operator's and certifier's tasks.",
    )
    .version(version())
    .addOption(new Option("--url <url>", "the service").env("THREADPROOF_URL").default(DEFAULT_URL))
    .addOption(
      new Option(
        "--api-key <key>",
        "your API key (prefer the THREADPROOF_API_KEY variable: a flag shows in shell history)",
      ),
    )
    .option("--json", "print one JSON document on stdout (the answer, or the error); nothing else goes there")
    .option("-q, --quiet", "no progress, notes or warnings on stderr")
    .option("--timeout <seconds>", "per request (default 30)", seconds)
    .option(
      "--idempotency-key <key>",
      "the Idempotency-Key of a write (default: the file's hash for import and capture, else random)",
    )
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
Environment:
  THREADPROOF_URL       the service (default ${DEFAULT_URL})
  THREADPROOF_API_KEY   your API key (never printed)

${EXIT_CODES_HELP}

Examples:
  export THREADPROOF_URL=https://trace.example.vn THREADPROOF_API_KEY=…
  threadproof import cuttings.xlsx --kind cuttings --dry-run
  threadproof capture erp-week-12.jsonld
  threadproof --json lot SEW-0001
  threadproof labels SEW-0001 -o labels.pdf`,
    );
  program.exitOverride();
  // Subcommands inherit the exit override and the help-after-error hint.
  registerImportCommands(program);
  registerEpcisCommands(program);
  registerReadCommands(program);
  registerOperatorCommands(program);
  registerCertifierCommands(program);
  return program;
}

/** Runs one command line (`argv` as process.argv: node, script, arguments); answers the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof ReportedFailure) return error.exitCode;
    if (error instanceof CommanderError) {
      // --help and --version end with code 0; everything else commander refuses is a usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const options = program.opts<{ json?: boolean; quiet?: boolean; apiKey?: string }>();
    const apiKey = options.apiKey ?? process.env.THREADPROOF_API_KEY;
    const out = new Output({
      json: options.json === true,
      quiet: options.quiet === true,
      secrets: apiKey ? [apiKey] : [],
    });
    if (error instanceof CliError) {
      out.error(error);
      return error.exitCode;
    }
    // A fault of the CLI itself: say what it was, without a stack trace that could carry the key.
    out.error(new CliError(`unexpected: ${(error as Error)?.message ?? String(error)}`, EXIT.REFUSED));
    return EXIT.REFUSED;
  }
}
