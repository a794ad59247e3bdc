/**
 * Runs `npm start` as a newcomer does (scripts/start.ts under tsx, its banner on stdout and its logs in the data
 * dir's log file), for the tests that read the banner or follow the README against it.
 */
import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "./service-process";

export interface NpmStartProcess {
  /** Everything printed on stdout so far: the banner. */
  output(): string;
  /** Resolves once stdout contains `text`; rejects when the process exits first or `timeoutMs` pass. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `tsx scripts/start.ts` with `env` over this process's environment (LOG_LEVEL unset: banner mode). */
export function spawnNpmStart(env: Record<string, string>): NpmStartProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", LOG_LEVEL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let running = true;
  void exited.then(() => (running = false));

  return {
    output: () => stdout,
    waitFor(text, timeoutMs = 240_000) {
      return new Promise<void>((ready, fail) => {
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          if (stdout.includes(text)) return ready();
          if (!running) return fail(new Error(`npm start exited before '${text}':\n${stdout}\n${stderr}`));
          if (Date.now() > deadline) return fail(new Error(`no '${text}' in:\n${stdout}\n${stderr}`));
          setTimeout(check, 100);
        };
        check();
      });
    },
    async stop() {
      if (running) child.kill("SIGTERM");
      await exited;
    },
  };
}
