/**
 * The composition root. Runs the service: opens the stores, starts (or restores) the chain, brings the read
 * model up to date, builds what the use cases need (provenance verification, scan counting, certifier keys,
 * the garment secret), builds the app with `createApp` and listens. On SIGTERM/SIGINT it stops accepting,
 * lets requests in flight finish, flushes the ledger and closes everything. Run directly
 * (`node --import tsx services/main.ts`) it reads its configuration from the environment and logs one JSON
 * line with `"msg":"listening"` and the URL, for a parent process to wait on; an operator key it generates is
 * written to DATA_DIR/operator-api-key (0600) and only that path is printed.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Express } from "express";
import { createProgrammeKeyStore } from "./scans/programme-key";
import { createApp } from "./http/app";
import type { RouteDefinition } from "./http/route-table";
import { createCertifierKeyStore } from "./certificates/certifier-keys";
import { createLedger } from "./chain";
import { healStatusLists } from "./certificates/status-lists";
import type { LedgerConfig } from "./chain";
import type { Ledger } from "./chain/ledger";
import { loadConfig } from "./config";
import type { Config } from "./config";
import { lockDataDir } from "./config/data-dir-lock";
import { prepareDataDir, tightenDataDirModes } from "./config/data-dir-modes";
import { ensureOperatorApiKey, OPERATOR_KEY_FILE } from "./config/operator-key";
import { createGarmentCommitter } from "./production/garment-commitment";
import { loadGarmentSecret } from "./garments";
import {
  createBackgroundDocumentChecker,
  createProvenanceCaches,
  withDeadline,
  withReadDeadlines,
} from "./provenance/index";
import { createIndexer, openIndexDatabase } from "./read-model/index";
import { withRecentBlocks } from "./ipfs/recent-blocks";
import type { IndexDatabase, Indexer } from "./read-model/index";
import { createDocumentStore } from "./ipfs";
import type { DocumentStore, HeliaStore } from "./ipfs";
import { createLogger } from "./logging";
import type { Logger } from "./logging";
import { openServiceDatabase } from "./service-db/database";
import { failInterruptedJobs } from "./service-db/jobs";
import { createWorkerPool } from "./support/worker-pool";
import type { ServiceDatabase } from "./service-db/database";
import { openScanCounter } from "./service-db/scan-counter";
import type { ScanCounter } from "./service-db/scan-counter";

/** Records the periodic repair retries per pass at most. */
const REPAIR_BATCH = 200;
/** How long requests in flight get to finish at shutdown. */
const SHUTDOWN_GRACE_MS = 15_000;

export interface RunningService {
  /** e.g. `http://127.0.0.1:3000`. */
  url: string;
  port: number;
  app: Express;
  server: Server;
  ledger: Ledger;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  indexer: Indexer;
  /** The operator's API key in force (configured or generated). */
  operatorApiKey: string;
  /** Stops accepting, finishes requests in flight, flushes the ledger, closes the stores. Idempotent. */
  close(): Promise<void>;
}

export interface StartServiceOptions {
  logger?: Logger;
  /** The operator key; default: `config.operatorApiKey` or the one kept in the data dir. */
  operatorApiKey?: string;
  /** How the relayer batches (the bench's naive row runs with `maxBatch: 1`: one transaction per event). */
  ledger?: Pick<LedgerConfig, "maxBatch" | "flushDelayMs">;
  /** More /api/v1 routes, mounted and documented like the service's own (tests add a failing one). */
  extraRoutes?: readonly RouteDefinition[];
  /** With an external chain, how often to pick up events other instances wrote (default 2 s; 0: never). */
  followIntervalMs?: number;
}

/**
 * Starts the whole service on `config` and resolves once it listens.
 *
 * @example
 * const service = await startService(loadConfig({ PORT: "0", DATA_DIR: dir }));
 * await fetch(`${service.url}/healthz`);
 * await service.close();
 */
export async function startService(
  config: Config,
  options: StartServiceOptions = {},
): Promise<RunningService> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  prepareDataDir(config.dataDir);
  const unlockDataDir = lockDataDir(config.dataDir);
  const operatorApiKey =
    options.operatorApiKey ?? ensureOperatorApiKey(config.dataDir, config.operatorApiKey).key;

  // What is open so far, closed in reverse if the start fails half-way.
  const opened: (() => unknown)[] = [unlockDataDir];
  try {
    const store = await createDocumentStore({
      dataDir: config.dataDir,
      ipfsApiUrl: config.ipfsApiUrl,
      ipfsNetwork: config.ipfsNetwork,
    });
    opened.push(() => store.close());
    const ipfsNetwork = "network" in store ? (store as HeliaStore).network() : null;
    if (ipfsNetwork) {
      logger.info(
        {
          peerId: ipfsNetwork.peerId,
          addresses: ipfsNetwork.addresses,
          peers: config.ipfsNetwork?.peers.length,
        },
        "embedded IPFS node networked: peers dial one of these addresses (IPFS_PEERS)",
      );
    }
    const indexDb = openIndexDatabase(join(config.dataDir, "index.sqlite"));
    opened.push(() => indexDb.close());
    const serviceDb = openServiceDatabase(join(config.dataDir, "service.sqlite"));
    // A job still running in the file was cut short by a stop or a crash: say so instead of running forever.
    failInterruptedJobs(serviceDb);
    opened.push(() => serviceDb.close());
    const scans = openScanCounter(join(config.dataDir, "scans.sqlite"), { logger });
    opened.push(() => scans.close());
    const ledger = await createLedger({
      ...options.ledger,
      dataDir: config.dataDir,
      rpcUrl: config.chainRpcUrl,
      engine: config.chainEngine,
      snapshotEvery: config.chainSnapshotEvery,
      relayerPrivateKey: config.relayerPrivateKey,
      contractAddress: config.contractAddress,
      receiptDeadlineMs: config.chainReceiptDeadlineMs,
      logger,
    });
    opened.push(() => ledger.close());
    // Everything is open (and so created): anything an earlier version left readable by others is closed now.
    const tightened = tightenDataDirModes(config.dataDir);
    if (tightened > 0) logger.info({ entries: tightened }, "data dir modes tightened to 0700/0600");
    return await serve({
      config,
      options,
      logger,
      operatorApiKey,
      store,
      indexDb,
      serviceDb,
      scans,
      ledger,
      unlockDataDir,
    });
  } catch (error) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch {
        // the start failed already; report that failure, not this one
      }
    }
    throw error;
  }
}

async function serve(parts: {
  config: Config;
  options: StartServiceOptions;
  logger: Logger;
  operatorApiKey: string;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  scans: ScanCounter;
  ledger: Ledger;
  unlockDataDir: () => void;
}): Promise<RunningService> {
  const { config, options, logger, operatorApiKey, store, indexDb, serviceDb, scans, ledger, unlockDataDir } =
    parts;
  // Records the API writes are read back by the indexer from memory (see services/ipfs/recent-blocks.ts).
  const recent = withRecentBlocks(store);
  // The read model first catches up with the chain, then follows every mined block before its writes answer.
  const indexer = createIndexer({ db: indexDb, store: recent.reader, logger, resent: ledger });
  await indexer.catchUp(ledger);
  // While the read model cannot write (a full disk), it is behind: each later block catches up from where it
  // stopped instead of applying only its own events, which would skip the ones it missed.
  let indexBehind = false;
  const catchUpIndex = async () => {
    try {
      await indexer.catchUp(ledger);
      indexBehind = false;
    } catch (error) {
      indexBehind = true;
      logger.error(
        { err: error },
        "the read model cannot catch up with the chain yet; retrying on the next block",
      );
    }
  };
  ledger.onMined(async (events) => {
    if (indexBehind) return catchUpIndex();
    try {
      await indexer.apply(events);
    } catch (error) {
      logger.error({ err: error }, "indexing a mined block failed; catching up from the chain");
      await catchUpIndex();
    }
  });
  const followIntervalMs = options.followIntervalMs ?? 2_000;
  const follower =
    config.chainRpcUrl && followIntervalMs > 0
      ? setInterval(() => {
          indexer
            .catchUp(ledger)
            .catch((error: unknown) => logger.warn({ err: error }, "following the chain failed"));
        }, followIntervalMs)
      : undefined;
  follower?.unref();
  // Records IPFS could not give at indexing time (a Kubo node down for a moment) are retried now and then.
  // Each pass is bounded and shares the live indexer's queue, so a long IPFS outage cannot stall ingest;
  // a pass still running skips the next tick.
  let repairing = false;
  const repairer = setInterval(() => {
    if (indexBehind) void catchUpIndex();
    if (repairing) return;
    repairing = true;
    indexer
      .repairRecords(REPAIR_BATCH)
      .catch((error: unknown) => logger.warn({ err: error }, "repairing records failed"))
      .finally(() => (repairing = false));
  }, 30_000);
  repairer.unref();

  let ready = false;
  const garmentSecret = loadGarmentSecret(config.dataDir);
  // CPU-heavy garment work (a big sewing's commitment, a big manifest's tree) runs in one worker thread, with
  // a short queue: beyond it a sewing is refused with 503 and a scan shows the tree as not checkable now.
  const garmentWorkers = createWorkerPool({
    tasks: require.resolve("./garments/tasks"),
    name: "garment commitment",
    size: 1,
    maxQueued: 8,
  });
  // Scans get a pool of their own, so that a scan never waits behind a sewing's commitment.
  const treeWorkers = createWorkerPool({
    tasks: require.resolve("./garments/tasks"),
    name: "garment tree",
    size: 1,
    maxQueued: 8,
  });
  // Certificate PDFs (about 0.3 s of CPU each when not cached) render in a worker thread of their own.
  const certificatePdfWorkers = createWorkerPool({
    tasks: require.resolve("./certificates/pdf-tasks"),
    name: "certificate PDF",
    size: 1,
    maxQueued: 8,
  });
  // The KPI report (seconds of SQLite for a year over 100,000 lots) runs in a worker thread with its
  // own read-only connection, so /healthz, scans and every other request keep being answered meanwhile.
  const kpiWorkers = createWorkerPool({
    tasks: require.resolve("./kpis/tasks"),
    name: "KPI report",
    size: 1,
    maxQueued: 4,
  });
  // Documents a scan could not afford to read are checked here, one at a time, into the register.
  const backgroundDocumentChecks = createBackgroundDocumentChecker({
    store: { get: (cid) => withDeadline(store.get(cid), 30_000, "IPFS") },
    db: serviceDb,
    onMiss: (cid, detail) => logger.warn({ cid, detail }, "a document's background check did not pass"),
  });
  // Certifiers issue under their did:web on the public host; the register of their keys resolves it locally.
  const certifierKeys = createCertifierKeyStore(config.dataDir, { publicBaseUrl: config.publicBaseUrl });
  // A status list version signed but not anchored on chain (a crash between the two) is anchored and published
  // now; if the chain refuses it here, the list's next update tries again.
  try {
    const healed = await healStatusLists({
      serviceDb,
      indexDb,
      store: recent.writer,
      certifierKeys,
      publicBaseUrl: config.publicBaseUrl,
      ledger,
    });
    if (healed.length > 0) logger.info({ lists: healed }, "anchored status lists a crash left unanchored");
  } catch (error) {
    logger.warn({ err: error }, "status lists left unanchored could not be anchored yet");
  }
  const app = createApp({
    config,
    operatorApiKey,
    logger,
    ledger,
    store: recent.writer,
    indexDb,
    serviceDb,
    commitGarments: createGarmentCommitter({
      secret: garmentSecret,
      store: recent.writer,
      workers: garmentWorkers,
    }),
    garmentSecret,
    // Verification reads the chain and IPFS with deadlines: a check that cannot run is "unavailable".
    provenance: withReadDeadlines({
      ledger,
      store,
      indexDb,
      caches: createProvenanceCaches(),
      workers: treeWorkers,
      documents: {
        db: serviceDb,
        budgetBytes: config.documentCheckBudgetBytes,
        background: backgroundDocumentChecks,
      },
      certifierKeys,
      publicBaseUrl: config.publicBaseUrl,
    }),
    scans,
    certifierKeys,
    programmeKeys: createProgrammeKeyStore(config.dataDir),
    isReady: () => ready,
    dataDir: config.dataDir,
    certificatePdfWorkers,
    kpiWorkers,
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  ready = true;
  logger.info({ url, port, chainId: ledger.chainId, contractAddress: ledger.contractAddress }, "listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    server,
    ledger,
    store,
    indexDb,
    serviceDb,
    indexer,
    operatorApiKey,
    close() {
      closing ??= (async () => {
        ready = false;
        if (follower) clearInterval(follower);
        clearInterval(repairer);
        // Stop accepting; requests already received finish (their answers say Connection: close). Keep-alive
        // connections are closed as soon as they fall idle, and any left after the grace period are cut.
        await new Promise<void>((resolve) => {
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(cut);
            resolve();
          });
          server.closeIdleConnections();
        });
        backgroundDocumentChecks.close();
        await backgroundDocumentChecks.idle();
        await garmentWorkers.close();
        await treeWorkers.close();
        await certificatePdfWorkers.close();
        await kpiWorkers.close();
        await ledger.close();
        scans.close();
        indexDb.close();
        serviceDb.close();
        await store.close();
        unlockDataDir();
        logger.info({}, "stopped");
      })();
      return closing;
    },
  };
}

/**
 * Starts from the environment and stops cleanly on SIGTERM/SIGINT. `onStarted` learns whether the operator key
 * was generated on this start (the caller decides whether to show it: `npm start` does, once, on its banner).
 */
export async function runFromEnvironment(
  env: Record<string, string | undefined> = process.env,
  options: StartServiceOptions & {
    onStarted?: (service: RunningService, operatorKeyGenerated: boolean) => void;
  } = {},
): Promise<RunningService> {
  const config = loadConfig(env);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  prepareDataDir(config.dataDir);
  const operator = ensureOperatorApiKey(config.dataDir, config.operatorApiKey);
  const service = await startService(config, { ...options, logger, operatorApiKey: operator.key });
  options.onStarted?.(service, operator.generated);
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      service.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
  return service;
}

if (require.main === module) {
  runFromEnvironment(process.env, {
    onStarted: (_service, generated) => {
      // Run directly, stdout is usually a log stream (a container's, a supervisor's): the generated key is not
      // printed, only where it is. `npm start` (scripts/start.ts) shows it once on its banner instead.
      if (generated)
        process.stdout.write(
          `threadproof: generated an operator API key; it is in ${join(loadConfig(process.env).dataDir, OPERATOR_KEY_FILE)} (mode 0600) and is never printed or logged\n`,
        );
    },
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`threadproof failed to start: ${message}\n`);
    process.exit(1);
  });
}
