/**
 * The service under test. The batched row runs the real `startService`. The naive row needs the relayer with
 * `maxBatch: 1`, which `startService` cannot pass through yet, so it assembles the same parts (the same
 * `createApp`, document store, SQLite read model, indexer and journalled embedded chain) around a ledger
 * created with that option. Both record the server time of every request from the `request` event to the
 * response's `finish`.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createApp } from "../../services/http/app";
import { createLedger } from "../../services/chain";
import type { CreatedLedger } from "../../services/chain";
import { loadConfig } from "../../services/config";
import { createGarmentCommitter } from "../../services/production/garment-commitment";
import { defaultAppExtensions } from "../../services/extensions";
import { loadGarmentSecret } from "../../services/garments";
import { createIndexer, openIndexDatabase } from "../../services/read-model/index";
import { createDocumentStore } from "../../services/ipfs";
import type { DocumentStore } from "../../services/ipfs";
import { createLogger } from "../../services/logging";
import { openServiceDatabase } from "../../services/service-db/database";
import { startService } from "../../services/main";

export const BENCH_OPERATOR_KEY = "bench-operator-key-0123456789abcdefghijklmnop";

export interface BenchService {
  url: string;
  dataDir: string;
  ledger: CreatedLedger;
  store: DocumentStore;
  /** Server time (ms) of requests whose path starts with `prefix`, collected since the last call. */
  takeServerTimes(prefix: string): number[];
  close(): Promise<void>;
}

function recordServerTimes(server: Server): (prefix: string) => number[] {
  const times: { path: string; ms: number }[] = [];
  server.prependListener("request", (request, response) => {
    const started = performance.now();
    // Read now: express rewrites request.url while routing through mounted routers.
    const path = request.url ?? "";
    response.once("finish", () => times.push({ path, ms: performance.now() - started }));
  });
  return (prefix) => {
    const taken = times.filter((time) => time.path.startsWith(prefix)).map((time) => time.ms);
    times.length = 0;
    return taken;
  };
}

function benchConfig(dataDir: string) {
  return loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: BENCH_OPERATOR_KEY,
    LOG_LEVEL: "silent",
    PUBLIC_RATE_LIMIT_PER_MINUTE: "100000000",
  });
}

/**
 * Starts the service on `dataDir`. With `maxBatch`, the ledger's relayer sends at most that many operations
 * per transaction (1 = the naive path: one transaction per event).
 */
export async function startBenchService(params: {
  dataDir: string;
  maxBatch?: number;
}): Promise<BenchService> {
  const config = benchConfig(params.dataDir);
  const logger = createLogger({ level: "silent" });
  if (params.maxBatch === undefined) {
    const service = await startService(config, { logger });
    return {
      url: service.url,
      dataDir: params.dataDir,
      // startService creates it with createLedger: a CreatedLedger typed as its Ledger interface.
      ledger: service.ledger as CreatedLedger,
      store: service.store,
      takeServerTimes: recordServerTimes(service.server),
      close: () => service.close(),
    };
  }

  const store = await createDocumentStore({ dataDir: config.dataDir });
  const indexDb = openIndexDatabase(join(config.dataDir, "index.sqlite"));
  const serviceDb = openServiceDatabase(join(config.dataDir, "service.sqlite"));
  const ledger = await createLedger({ dataDir: config.dataDir, logger, maxBatch: params.maxBatch });
  const indexer = createIndexer({ db: indexDb, store, logger });
  await indexer.catchUp(ledger);
  ledger.onMined((events) => indexer.apply(events));
  const app = createApp({
    config,
    operatorApiKey: BENCH_OPERATOR_KEY,
    logger,
    ledger,
    store,
    indexDb,
    serviceDb,
    commitGarments: createGarmentCommitter({ secret: loadGarmentSecret(config.dataDir), store }),
    ...defaultAppExtensions({ config, ledger, store, indexDb, serviceDb, logger }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir: params.dataDir,
    ledger,
    store,
    takeServerTimes: recordServerTimes(server),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await ledger.close();
      indexDb.close();
      serviceDb.close();
      await store.close();
    },
  };
}
