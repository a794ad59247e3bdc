/**
 * Run as its own process by the benchmark (`node --import tsx scripts/bench/restore-child.ts <dataDir> <what>`),
 * so that start-up time and resident memory are those of a fresh process: `ledger` restores the embedded chain
 * from the journal in `dataDir` with `createLedger`; `service` starts the whole service on the data dir. Prints
 * one JSON line with what it measured.
 */
import { createLedger } from "../../services/chain";
import { loadConfig } from "../../services/config";
import { createLogger } from "../../services/logging";
import { startService } from "../../services/main";
import { BENCH_OPERATOR_KEY } from "./service";

export interface LedgerRestoreFigures {
  /** createLedger's own restore time (replaying the journal). */
  restoreMs: number;
  restoredTransactions: number;
  /** createLedger from call to resolve (restore, contract check, relayer). */
  createLedgerMs: number;
  blockNumber: number;
  lotsRecorded: number;
  rssAfterRestoreMiB: number;
}

export interface ServiceStartFigures {
  /** startService on the data dir until it listens (chain restored, index caught up). */
  serviceStartMs: number;
  rssAfterServiceStartMiB: number;
}

async function restoreLedger(dataDir: string): Promise<LedgerRestoreFigures> {
  const started = performance.now();
  const ledger = await createLedger({ dataDir });
  const createLedgerMs = performance.now() - started;
  const rssAfterRestoreMiB = process.memoryUsage.rss() / 1024 / 1024;
  const blockNumber = await ledger.blockNumber();
  const lotsRecorded = (await ledger.readEvents(0)).filter((event) => event.name === "LotRecorded").length;
  const figures = {
    restoreMs: ledger.restoreMs,
    restoredTransactions: ledger.restoredTransactions,
    createLedgerMs,
    blockNumber,
    lotsRecorded,
    rssAfterRestoreMiB,
  };
  await ledger.close();
  return figures;
}

async function startWholeService(dataDir: string): Promise<ServiceStartFigures> {
  const serviceStarted = performance.now();
  const service = await startService(
    loadConfig({
      PORT: "0",
      DATA_DIR: dataDir,
      OPERATOR_API_KEY: BENCH_OPERATOR_KEY,
      LOG_LEVEL: "silent",
    }),
    { logger: createLogger({ level: "silent" }) },
  );
  const serviceStartMs = performance.now() - serviceStarted;
  const rssAfterServiceStartMiB = process.memoryUsage.rss() / 1024 / 1024;
  await service.close();
  return { serviceStartMs, rssAfterServiceStartMiB };
}

const [dataDir, what] = process.argv.slice(2) as [string, string | undefined];
(what === "service" ? startWholeService(dataDir) : restoreLedger(dataDir)).then(
  (figures) => {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
