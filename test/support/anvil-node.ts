/**
 * Starts the real anvil binary (from the npm package) as an external node for tests of the CHAIN_RPC_URL
 * path: a fixed loopback port (so a restarted node answers at the same URL) and its own `--state` file, which
 * anvil loads at start and writes when stopped with SIGTERM — a SIGKILLed node comes back with the state of
 * its last clean stop, older than what it had mined. Also: SIGKILL of the node a service supervises on the
 * anvil engine (a service SIGKILLed leaves it running).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./free-port";
import { anvilBinaryPath, anvilPidFile } from "../../services/chain/anvil-process";

/** SIGKILLs the anvil node a service on data dir `dataDir` supervises, if any (its pid file is in `chain/`). */
export function killSupervisedNode(dataDir: string): void {
  const pidFile = anvilPidFile(join(dataDir, "chain"));
  if (!existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  } catch {
    // Already gone.
  }
}

export interface RunningAnvilNode {
  url: string;
  port: number;
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

export async function startAnvilNode(options: {
  stateFile: string;
  port?: number;
}): Promise<RunningAnvilNode> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    anvilBinaryPath(),
    [
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--chain-id",
      "31337",
      "--state",
      options.stateFile,
      "--prune-history",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let output = "";
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`anvil did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on/.test(output)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`anvil exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
