/**
 * Runs anvil (Foundry's native EVM node, from the `@foundry-rs/anvil` npm package) as a child process on a
 * loopback port. The node keeps no file of its own: `--prune-history` drops old states and
 * `--transaction-block-keeper` old blocks' transactions, receipts and logs (the service archives them itself,
 * see log-archive.ts; block headers stay), and the engine (anvil-engine.ts) takes snapshots itself at quiet
 * points. A pid file lets a restart after SIGKILL stop the node the dead service left behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The npm platform packages `@foundry-rs/anvil` ships, by Node's platform and architecture. */
const PLATFORM_PACKAGES: Record<string, string> = {
  "linux-x64": "@foundry-rs/anvil-linux-amd64",
  "linux-arm64": "@foundry-rs/anvil-linux-arm64",
  "darwin-x64": "@foundry-rs/anvil-darwin-amd64",
  "darwin-arm64": "@foundry-rs/anvil-darwin-arm64",
  "win32-x64": "@foundry-rs/anvil-win32-amd64",
};

/** Where the anvil binary for this machine is; a clear error naming the platform where there is none. */
export function anvilBinaryPath(platform = process.platform, arch = process.arch): string {
  const key = `${platform}-${arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (pkg === undefined) {
    throw new Error(
      `No anvil binary is published for ${key}; run with CHAIN_ENGINE=edr (the in-process chain) or CHAIN_RPC_URL`,
    );
  }
  const binary = platform === "win32" ? "bin/anvil.exe" : "bin/anvil";
  try {
    return createRequire(__filename).resolve(`${pkg}/${binary}`);
  } catch {
    throw new Error(
      `The anvil binary for ${key} (${pkg}) is not installed; run npm install, or use CHAIN_ENGINE=edr`,
    );
  }
}

/**
 * Blocks whose transactions and receipts the node keeps. A send reads its own receipt straight after its block
 * is mined, inside the send queue, before any other block: a few would do; more leave room for the start,
 * which archives the journal's last transaction from the node. Each kept block of a full batch holds ~0.3 MB
 * of bodies and receipts in memory and in every snapshot, so not many more.
 */
export const TRANSACTION_BLOCK_KEEPER = 32;

export interface AnvilOptions {
  chainId: number;
  gasLimit: number;
  /** Genesis timestamp in seconds (fixed, so that a replayed chain is the same chain). */
  genesisTimestamp: number;
  /** A state file written by a snapshot (`anvil_dumpState`, gunzipped) to start from. */
  loadStateFile?: string;
  /** Where the pid of the running node is kept, to stop an orphan after a crash. */
  pidFile: string;
}

export interface AnvilProcess {
  readonly url: string;
  readonly pid: number;
  /** Resolves when the process has exited (for any reason). */
  readonly exited: Promise<void>;
  isRunning(): boolean;
  stop(): Promise<void>;
}

/** Stops a node a previous run left behind (a SIGKILLed service's child keeps running). */
function stopOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    // Only an anvil: a pid may have been reused by another program since.
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!command.includes("anvil")) return;
    process.kill(pid, "SIGKILL");
  } catch {
    // Gone already, or no /proc (not Linux): nothing to stop.
  }
}

/** Starts anvil and resolves once it listens. */
export async function startAnvil(options: AnvilOptions): Promise<AnvilProcess> {
  stopOrphan(options.pidFile);
  const args = [
    ["--host", "127.0.0.1"],
    ["--port", "0"],
    ["--chain-id", String(options.chainId)],
    ["--gas-limit", String(options.gasLimit)],
    ["--base-fee", "0"],
    // Prague, as on the in-process chain: Osaka's per-transaction gas cap would cut large batches short.
    ["--hardfork", "prague"],
    ["--timestamp", String(options.genesisTimestamp)],
    ["--accounts", "0"],
    ["--order", "fifo"],
    // Only the last few states in memory, none on disk (anvil otherwise writes them under ~/.foundry without
    // bound). A few, not one: a call at "latest" that races a block being mined still finds its state.
    ["--prune-history", "16"],
    // Receipts, transactions and logs of the last blocks only: older ones are in the service's log archive
    // (log-archive.ts), so the node's memory and snapshots stay bounded however long the history grows.
    ["--transaction-block-keeper", String(TRANSACTION_BLOCK_KEEPER)],
    ["--no-request-size-limit"],
    ...(options.loadStateFile !== undefined ? [["--load-state", options.loadStateFile]] : []),
  ].flat();
  const child: ChildProcess = spawn(anvilBinaryPath(), args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const match = /Listening on [\d.]+:(\d+)/.exec(output);
      if (match !== null) {
        child.stdout?.off("data", onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      reject(new Error(`anvil exited before listening (${signal ?? code}): ${output.trim().slice(-400)}`)),
    );
  });
  // Keep draining its output so that a full pipe never blocks it.
  child.stdout?.resume();
  child.stderr?.resume();
  writeFileSync(options.pidFile, String(child.pid), { mode: 0o600 });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    exited,
    isRunning: () => running,
    async stop() {
      if (running) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(options.pidFile, { force: true });
    },
  };
}

/** The pid file's place in the chain directory. */
export const anvilPidFile = (chainDir: string) => join(chainDir, "anvil.pid");
