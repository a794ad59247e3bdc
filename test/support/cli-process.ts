/**
 * Runs the `threadproof` CLI as a user would: `node bin/threadproof.mjs …` in its own process, with only the
 * THREADPROOF_* variables the test gives (none inherited from the machine).
 */
import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "./service-process";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runThreadproof(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runProcess(process.execPath, ["bin/threadproof.mjs", ...args], env);
}

/** Runs `program` in the project root with `env` (THREADPROOF_* variables only from `env`). */
export function runProcess(
  program: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("THREADPROOF_")),
  ) as Record<string, string>;
  // Async spawn, never spawnSync: the service under test runs in this process and must keep answering.
  const child = spawn(program, args, {
    cwd: PROJECT_ROOT,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}
