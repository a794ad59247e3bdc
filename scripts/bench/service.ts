/**
 * The service under test: the real `startService`, for the batched row and for the naive row (the relayer
 * with `maxBatch: 1`) alike. Both record the server time of every request from the `request` event to the
 * response's `finish`.
 */
import type { Server } from "node:http";
import type { CreatedLedger } from "../../services/chain";
import { loadConfig } from "../../services/config";
import type { DocumentStore } from "../../services/ipfs";
import { createLogger } from "../../services/logging";
import { startService } from "../../services/main";
import type { ServiceDatabase } from "../../services/service-db/database";

export const BENCH_OPERATOR_KEY = "bench-operator-key-0123456789abcdefghijklmnop";

export interface BenchService {
  url: string;
  dataDir: string;
  ledger: CreatedLedger;
  store: DocumentStore;
  /** The service's own database (e.g. to empty the register of checked documents between cold reads). */
  serviceDb: ServiceDatabase;
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

function benchConfig(dataDir: string, chainEngine: "edr" | "anvil") {
  return loadConfig({
    CHAIN_ENGINE: chainEngine,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    OPERATOR_API_KEY: BENCH_OPERATOR_KEY,
    LOG_LEVEL: "silent",
    PUBLIC_RATE_LIMIT_PER_MINUTE: "100000000",
  });
}

/** The chain engine a bench runs its service on: BENCH_CHAIN_ENGINE (`edr`, the default, or `anvil`). */
export function benchChainEngine(): "edr" | "anvil" {
  const engine = process.env.BENCH_CHAIN_ENGINE ?? "edr";
  if (engine !== "edr" && engine !== "anvil")
    throw new Error(`BENCH_CHAIN_ENGINE must be edr or anvil, not '${engine}'`);
  return engine;
}

/**
 * Starts the service on `dataDir`: the real `startService`, record cache and all. With `maxBatch`, the
 * ledger's relayer sends at most that many operations per transaction (1 = the naive path: one transaction
 * per event).
 */
export async function startBenchService(params: {
  dataDir: string;
  maxBatch?: number;
  /** The chain engine (default the embedded EDR): with anvil, the chain's memory is another process's. */
  chainEngine?: "edr" | "anvil";
}): Promise<BenchService> {
  const service = await startService(benchConfig(params.dataDir, params.chainEngine ?? "edr"), {
    logger: createLogger({ level: "silent" }),
    ...(params.maxBatch === undefined ? {} : { ledger: { maxBatch: params.maxBatch } }),
  });
  return {
    url: service.url,
    dataDir: params.dataDir,
    // startService creates it with createLedger: a CreatedLedger typed as its Ledger interface.
    ledger: service.ledger as CreatedLedger,
    store: service.store,
    serviceDb: service.serviceDb,
    takeServerTimes: recordServerTimes(service.server),
    close: () => service.close(),
  };
}
