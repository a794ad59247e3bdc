/**
 * Runs the real service as a child process (`node --import tsx services/main.ts`) with its configuration in
 * the environment, for tests that kill it: crash recovery, restarts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startServiceProcess(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "services/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start:\n${output}`)), timeoutMs);
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === "listening" && entry.url) {
            clearTimeout(timer);
            ready(entry.url);
          }
        } catch {
          // not a log line
        }
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the service exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
