/**
 * `npm start`: the whole service on embedded defaults (a supervised anvil node restored from its snapshot and
 * journal, Helia on disk and SQLite under DATA_DIR, default ./data), with the demo supply chain seeded on a
 * fresh data dir.
 *
 * The terminal shows a banner, not a log stream: logs go to DATA_DIR/logs/threadproof.log unless LOG_LEVEL is
 * set, in which case they come to stdout as before. Every start prints the links (on PUBLIC_BASE_URL, the one
 * host of QR codes and credentials) and the demo's API keys again; the generated operator key is shown on the
 * first start only and kept in DATA_DIR/operator-api-key (mode 0600).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { loadConfig, type Config } from "../services/config";
import { OPERATOR_KEY_FILE } from "../services/config/operator-key";
import { seedDemo } from "../services/demo/seed";
import {
  CONSOLE_OF_ROLE,
  consoleSignInUrl,
  formatDemoSummary,
  loadDemoSummary,
  saveDemoSummary,
} from "../services/demo/summary";
import { loadGarmentSecret } from "../services/garments";
import { createLogger } from "../services/logging";
import { listFacilities } from "../services/read-model/queries";
import { runFromEnvironment } from "../services/main";
import type { RunningService } from "../services/main";

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";

/** `DEMO=off` starts an empty service; by default a fresh data dir is seeded with the demo supply chain. */
const demoEnabled = !["off", "false", "0", "no"].includes((process.env.DEMO ?? "on").toLowerCase());

const config: Config = loadConfig(process.env);
const logsToFile = process.env.LOG_LEVEL === undefined;
const logFile = join(config.dataDir, "logs", "threadproof.log");

function fileLogger() {
  mkdirSync(join(config.dataDir, "logs"), { recursive: true, mode: 0o700 });
  return createLogger({
    level: config.logLevel,
    destination: pino.destination({ dest: logFile, mode: 0o600, sync: false }),
  });
}

const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n\n`);

/** Seeds the demo supply chain through the service's own API when the chain has no facility yet. */
async function afterStart(service: RunningService): Promise<void> {
  const kept = loadDemoSummary(config.dataDir);
  if (kept) {
    print(formatDemoSummary(kept, { publicBaseUrl: config.publicBaseUrl }));
    return;
  }
  if (!demoEnabled || listFacilities(service.indexDb).length > 0) return;
  process.stdout.write("Seeding the demo supply chain through the API...\n");
  const seed = await seedDemo({
    baseUrl: service.url,
    publicBaseUrl: config.publicBaseUrl,
    operatorApiKey: service.operatorApiKey,
    garmentSecret: loadGarmentSecret(config.dataDir),
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  saveDemoSummary(config.dataDir, seed, config.publicBaseUrl);
  print(formatDemoSummary(seed, { publicBaseUrl: config.publicBaseUrl }));
}

runFromEnvironment(process.env, {
  ...(logsToFile ? { logger: fileLogger() } : {}),
  onStarted(service, operatorKeyGenerated) {
    const base = config.publicBaseUrl;
    const lines = [
      "",
      `threadproof is running at ${base}`,
      `  API:      ${base}/api/v1   (OpenAPI: ${base}/api/v1/openapi.json)`,
      `  Consoles: ${consoleSignInUrl(base)}   (sign in with an API key, pasted into the form)`,
      `  Health:   ${base}/healthz`,
      `  Chain:    id ${service.ledger.chainId}, contract ${service.ledger.contractAddress}`,
      logsToFile
        ? `  Logs:     ${logFile}   (set LOG_LEVEL=debug to see them here instead)`
        : `  Logs:     this terminal (LOG_LEVEL=${config.logLevel})`,
      "",
      operatorKeyGenerated
        ? "Operator API key (shown this once; kept in the data directory as operator-api-key, mode 0600):"
        : config.operatorApiKey
          ? "Operator API key: the one set in OPERATOR_API_KEY"
          : `Operator API key: in ${join(config.dataDir, OPERATOR_KEY_FILE)} (mode 0600)`,
      ...(operatorKeyGenerated ? [`  ${service.operatorApiKey}`] : []),
      `  It signs in to the console of the ${CONSOLE_OF_ROLE.operator}.`,
    ];
    print(lines);
  },
})
  .then((service) => afterStart(service))
  .catch((error: unknown) => {
    process.stderr.write(
      `threadproof failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
