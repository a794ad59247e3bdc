/**
 * `npm start`: the whole service on embedded defaults (in-process chain restored from its journal, Helia on
 * disk and SQLite under DATA_DIR, default ./data). Prints the URL and, on the first start only, the generated
 * operator API key, which is kept in DATA_DIR/operator-api-key (mode 0600) and never logged.
 */
import { runFromEnvironment } from "../services/server";
import type { RunningService } from "../services/server";

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";

/**
 * Hook for the demo data (a later issue): seed the running service here through its own API, with
 * `service.url` and `service.operatorApiKey`, only when the chain is empty. Nothing is seeded yet.
 */
async function afterStart(_service: RunningService): Promise<void> {}

runFromEnvironment(process.env, {
  onStarted(service, operatorKeyGenerated) {
    const lines = [
      "",
      `threadproof is running at ${service.url}`,
      `  API:     ${service.url}/api/v1   (OpenAPI: ${service.url}/api/v1/openapi.json)`,
      `  Health:  ${service.url}/healthz`,
      `  Chain:   id ${service.ledger.chainId}, contract ${service.ledger.contractAddress}`,
    ];
    if (operatorKeyGenerated) {
      lines.push(
        "",
        "Operator API key (shown this once; kept in the data directory as operator-api-key, mode 0600):",
        `  ${service.operatorApiKey}`,
      );
    }
    process.stdout.write(`${lines.join("\n")}\n\n`);
  },
})
  .then((service) => afterStart(service))
  .catch((error: unknown) => {
    process.stderr.write(
      `threadproof failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
