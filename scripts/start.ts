/**
 * `npm start`: the whole service on embedded defaults (in-process chain restored from its journal, Helia on
 * disk and SQLite under DATA_DIR, default ./data). Prints the URL and, on the first start only, the generated
 * operator API key, which is kept in DATA_DIR/operator-api-key (mode 0600) and never logged.
 */
import { loadConfig } from "../services/config";
import { seedDemo, type SeedResult } from "../services/demo/seed";
import { loadGarmentSecret } from "../services/garments";
import { listFacilities } from "../services/read-model/queries";
import { runFromEnvironment } from "../services/main";
import type { RunningService } from "../services/main";

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";

/** `DEMO=off` starts an empty service; by default a fresh data dir is seeded with the demo supply chain. */
const demoEnabled = !["off", "false", "0", "no"].includes((process.env.DEMO ?? "on").toLowerCase());

function printSeed(seed: SeedResult): void {
  const lines = [
    `Demo data: ${seed.facilities} facilities, ${seed.events} events, ${seed.documents} PDF documents, all through the API.`,
    "",
    "Scan these garments (open on a phone or in a browser; add Accept: application/json for the data):",
    ...seed.garments.map((garment) => `  ${garment.description} (${garment.fta})\n    ${garment.url}`),
    "",
    "Origin certificates:",
    ...seed.certificates.map(
      (c) =>
        `  ${c.subjectId} ${c.fta}: ${c.outcome}${c.outcome === "issued" ? ` — ${c.url}` : ` (${c.detail})`}`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

/** Seeds the demo supply chain through the service's own API when the chain has no facility yet. */
async function afterStart(service: RunningService): Promise<void> {
  if (!demoEnabled || listFacilities(service.indexDb).length > 0) return;
  const config = loadConfig(process.env);
  process.stdout.write("Seeding the demo supply chain through the API...\n");
  const seed = await seedDemo({
    baseUrl: service.url,
    publicBaseUrl: process.env.PUBLIC_BASE_URL ? config.publicBaseUrl : undefined,
    operatorApiKey: service.operatorApiKey,
    garmentSecret: loadGarmentSecret(config.dataDir),
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  printSeed(seed);
}

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
