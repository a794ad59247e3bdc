/**
 * Run as its own process by scripts/bench-chain-engine.ts (`node --import tsx scripts/bench/engine-start-child.ts
 * <dataDir> <edr|anvil>`): starts the chain layer on a filled data dir, so that start-up time and resident
 * memory are those of a fresh process, and reads the anvil node's resident memory from /proc. Prints one JSON
 * line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLedger } from "../../services/chain";
import { anvilPidFile } from "../../services/chain/anvil-process";

export interface EngineStartFigures {
  startMs: number;
  restoredTransactions: number;
  /** This process's resident memory after the start. */
  rssMiB: number;
  /** The anvil node's resident memory (0 on EDR, which runs in this process). */
  nodeRssMiB: number;
}

function nodeRssMiB(dataDir: string): number {
  const pid = Number(readFileSync(anvilPidFile(join(dataDir, "chain")), "utf8"));
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function main(): Promise<EngineStartFigures> {
  const [dataDir, engine] = process.argv.slice(2) as [string, "edr" | "anvil"];
  const started = performance.now();
  const ledger = await createLedger({ dataDir, engine });
  const startMs = performance.now() - started;
  // A read, so that the start is one that answers.
  await ledger.blockNumber();
  const figures = {
    startMs,
    restoredTransactions: ledger.restoredTransactions,
    rssMiB: process.memoryUsage.rss() / 1024 / 1024,
    nodeRssMiB: engine === "anvil" ? nodeRssMiB(dataDir) : 0,
  };
  await ledger.close();
  return figures;
}

main().then(
  (figures) => {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
