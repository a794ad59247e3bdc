/**
 * The chain engines side by side (`npx tsx scripts/bench-chain-engine.ts`, also part of `npm run bench`):
 * for the in-process EDR chain (the baseline) and the supervised anvil, the chain layer is filled with 10^4
 * and then 10^5 events (BENCH_SCALE=large: also 10^6; BENCH_CHAIN_EVENTS=n,m,... to choose) through
 * `ledger.record` with 64 clients, then started again in a fresh process, which reports its start-up time and
 * resident memory (and the anvil node's). Prints a table: each anvil row against EDR in the same run, and
 * each engine's growth from the smallest to the largest size, and the size of anvil's snapshot.
 * BENCH_CHAIN_ENGINES=anvil measures anvil alone (for BENCH_SCALE=large, where EDR's replay takes too long).
 *
 * What it leaves out: the HTTP service on top (the whole service's RSS is in `npm run bench`'s memory rows).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createLedger } from "../services/chain";
import { fillThroughLedger } from "./bench/ledger-fill";
import { formatTable, type BenchRow } from "./bench/table";
import type { EngineStartFigures } from "./bench/engine-start-child";

const ROOT = resolve(__dirname, "..");
const CLIENTS = 64;
const FACILITIES = 8;
const TARGET_RSS_MIB = 600;
const TARGET_START_MS = 10_000;
const TARGET_GROWTH = 1.5;

const sizes = (
  process.env.BENCH_CHAIN_EVENTS ??
  (process.env.BENCH_SCALE === "large" ? "10000,100000,1000000" : "10000,100000")
)
  .split(",")
  .map((size) => Number(size.trim()))
  .filter((size) => Number.isInteger(size) && size > 0);

type Engine = "edr" | "anvil";

/** BENCH_CHAIN_ENGINES=anvil leaves EDR out (its start at 10^6 events takes many minutes and gigabytes). */
const engines = (process.env.BENCH_CHAIN_ENGINES ?? "edr,anvil")
  .split(",")
  .map((engine) => engine.trim())
  .filter((engine): engine is Engine => engine === "edr" || engine === "anvil");

interface Figures extends EngineStartFigures {
  engine: Engine;
  events: number;
  fillPerSecond: number;
  /** Size of the anvil snapshot left by the clean stop (0 on EDR, which takes none). */
  snapshotMiB: number;
}

const progress = (message: string) => process.stderr.write(`[chain-engine] ${message}\n`);

function runChild(args: string[]): Promise<EngineStartFigures> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/bench/engine-start-child.ts", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) =>
      code === 0
        ? done(JSON.parse(output.trim().split("\n").pop()!) as EngineStartFigures)
        : fail(new Error(`child exited ${code}`)),
    );
  });
}

/** Fills a fresh data dir with `events` events on `engine`, then starts it again in a fresh process. */
async function measure(engine: Engine, events: number, workDir: string): Promise<Figures> {
  const dataDir = join(workDir, `${engine}-${events}`);
  const ledger = await createLedger({ dataDir, engine });
  let fillPerSecond: number;
  try {
    const facilityIds = Array.from({ length: FACILITIES }, (_, i) => `engine-factory-${i}`);
    for (const facilityId of facilityIds) {
      await ledger.registerFacility({
        facilityId,
        country: "VN",
        roles: ["fabric", "cutting"],
        metadataDigest: `0x${"11".repeat(32)}`,
      });
    }
    progress(`${engine}: recording ${events.toLocaleString("en")} events`);
    const result = await fillThroughLedger({
      ledger,
      facilityIds,
      tag: "E",
      clients: CLIENTS,
      count: events,
    });
    fillPerSecond = result.perSecond;
  } finally {
    await ledger.close();
  }
  const snapshotDir = join(dataDir, "chain", "anvil");
  const snapshotMiB = existsSync(snapshotDir)
    ? readdirSync(snapshotDir).reduce((sum, name) => sum + statSync(join(snapshotDir, name)).size, 0) /
      2 ** 20
    : 0;
  progress(`${engine}: starting again on ${events.toLocaleString("en")} events`);
  const start = await runChild([dataDir, engine]);
  rmSync(dataDir, { recursive: true, force: true });
  return { engine, events, fillPerSecond, snapshotMiB, ...start };
}

const mib = (value: number) => `${Math.round(value).toLocaleString("en")} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (value: number, base: number) => (base > 0 ? `${(value / base).toFixed(2)}x` : "");
const events = (n: number) =>
  Number.isInteger(Math.log10(n)) ? `10^${Math.log10(n)}` : n.toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "met" : "missed");

function rows(all: Figures[]): BenchRow[] {
  const out: BenchRow[] = [];
  const find = (engine: Engine, size: number) => all.find((f) => f.engine === engine && f.events === size);
  const notRun = "EDR not run";
  for (const size of sizes) {
    const edr = find("edr", size);
    const anvil = find("anvil", size);
    if (anvil === undefined) continue;
    const total = anvil.rssMiB + anvil.nodeRssMiB;
    out.push(
      {
        section: "memory",
        measure: `chain layer RSS after start-up at ${events(size)} events: anvil (service process + node process)`,
        value: `${mib(total)} (${mib(anvil.rssMiB)} + ${mib(anvil.nodeRssMiB)})`,
        baseline: edr ? `EDR ${mib(edr.rssMiB)}` : notRun,
        ratio: edr ? ratio(total, edr.rssMiB) : "",
        target: size >= 100_000 ? `<= ${TARGET_RSS_MIB} MiB` : "",
        result: size >= 100_000 ? verdict(total <= TARGET_RSS_MIB) : "",
      },
      {
        section: "restore",
        measure: `start-up at ${events(size)} events (createLedger): anvil, snapshot + ${anvil.restoredTransactions} tx replayed`,
        value: seconds(anvil.startMs),
        baseline: edr ? `EDR ${seconds(edr.startMs)} (${edr.restoredTransactions} tx replayed)` : notRun,
        ratio: edr ? ratio(anvil.startMs, edr.startMs) : "",
        target: size >= 100_000 ? `<= ${seconds(TARGET_START_MS)}` : "",
        result: size >= 100_000 ? verdict(anvil.startMs <= TARGET_START_MS) : "",
      },
      {
        section: "ingest",
        measure: `chain layer ops/s filling to ${events(size)} events, ${CLIENTS} clients: anvil`,
        value: `${Math.round(anvil.fillPerSecond).toLocaleString("en")} /s`,
        baseline: edr ? `EDR ${Math.round(edr.fillPerSecond).toLocaleString("en")} /s` : notRun,
        ratio: edr ? ratio(anvil.fillPerSecond, edr.fillPerSecond) : "",
        target: "",
        result: "",
      },
      {
        section: "restore",
        measure: `anvil snapshot after a clean stop at ${events(size)} events`,
        value: `${anvil.snapshotMiB.toFixed(1)} MiB`,
        baseline: "",
        ratio: "",
        target: "",
        result: "",
      },
    );
  }
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  if (large > small) {
    for (const engine of engines) {
      const a = find(engine, small)!;
      const b = find(engine, large)!;
      const rssGrowth = (b.rssMiB + b.nodeRssMiB) / (a.rssMiB + a.nodeRssMiB);
      const startGrowth = b.startMs / a.startMs;
      out.push({
        section: "memory",
        measure: `${engine}: growth from ${events(small)} to ${events(large)} events, RSS / start-up`,
        value: `${rssGrowth.toFixed(2)}x / ${startGrowth.toFixed(2)}x`,
        baseline: engine === "anvil" && engines.includes("edr") ? "EDR row below" : "",
        ratio: "",
        target: engine === "anvil" ? `<= ${TARGET_GROWTH}x each` : "",
        result: engine === "anvil" ? verdict(rssGrowth <= TARGET_GROWTH && startGrowth <= TARGET_GROWTH) : "",
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "tp-bench-engine-"));
  try {
    const all: Figures[] = [];
    for (const size of sizes) {
      for (const engine of engines) all.push(await measure(engine, size, workDir));
    }
    process.stdout.write(`${formatTable(rows(all))}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
