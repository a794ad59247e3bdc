/** Starts a real `hardhat node` on a free loopback port for tests of the external-chain path. */
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port";
import { resolve } from "node:path";

export interface RunningHardhatNode {
  url: string;
  stop(): Promise<void>;
}

export async function startHardhatNode(): Promise<RunningHardhatNode> {
  const port = await freePort();
  const cli = resolve(__dirname, "..", "..", "node_modules", "hardhat", "internal", "cli", "cli.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "node", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: resolve(__dirname, "..", ".."),
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`hardhat node did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`hardhat node exited with ${code}:\n${output}`));
    });
  });
  // Keep draining its output so the pipe never fills and blocks it.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
