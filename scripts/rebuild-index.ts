/**
 * Rebuilds the read model (DATA_DIR/index.sqlite) from the chain and the IPFS records its events name, and the
 * EPCIS repository's events (in DATA_DIR/service.sqlite) from the chain's capture commitments. Run it with the
 * service stopped: `npx tsx scripts/rebuild-index.ts` (same environment as the service).
 */
import { join } from "node:path";
import { createLedger } from "../services/chain";
import { loadConfig } from "../services/config";
import { lockDataDir } from "../services/config/data-dir-lock";
import { rebuildIndexFile } from "../services/read-model/index";
import { rebuildEpcisEvents } from "../services/epcis-capture/rebuild";
import { openServiceDatabase } from "../services/service-db/database";
import { createDocumentStore } from "../services/ipfs";
import { createLogger } from "../services/logging";

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = "true";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const unlock = lockDataDir(config.dataDir);
  const store = await createDocumentStore({ dataDir: config.dataDir, ipfsApiUrl: config.ipfsApiUrl });
  const ledger = await createLedger({
    dataDir: config.dataDir,
    rpcUrl: config.chainRpcUrl,
    relayerPrivateKey: config.relayerPrivateKey,
    contractAddress: config.contractAddress,
    logger,
  });
  try {
    const started = performance.now();
    const { lastBlock } = await rebuildIndexFile({
      path: join(config.dataDir, "index.sqlite"),
      ledger,
      store,
      logger,
    });
    logger.info({ lastBlock, ms: Math.round(performance.now() - started) }, "rebuilt the index");
    const serviceDb = openServiceDatabase(join(config.dataDir, "service.sqlite"));
    try {
      const epcisStarted = performance.now();
      const { captures, events, leftOut } = await rebuildEpcisEvents({ ledger, store, serviceDb, logger });
      logger.info(
        { captures, events, leftOut: leftOut.length, ms: Math.round(performance.now() - epcisStarted) },
        "rebuilt the EPCIS events",
      );
    } finally {
      serviceDb.close();
    }
  } finally {
    await ledger.close();
    await store.close();
    unlock();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rebuilding the index failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
