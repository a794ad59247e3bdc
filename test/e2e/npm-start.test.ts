/**
 * `npm start` as a newcomer sees it (scripts/start.ts spawned as `npm start` runs it): a banner rather than a log
 * stream, links on one host, the demo's API keys for every role — and the same links and keys on a restart.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { freePort } from "../support/free-port";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/service-process";

/** Runs `tsx scripts/start.ts` until its output contains `until`, then stops it with SIGTERM. */
async function runStart(env: Record<string, string>, until: string): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true", LOG_LEVEL: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no '${until}' in:\n${stdout}\n${stderr}`)), 240_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(until)) {
        clearTimeout(timer);
        ready();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`npm start exited:\n${stdout}\n${stderr}`));
    });
  });
  // The keys are the last lines printed: give the write a moment to finish before stopping.
  await new Promise((done) => setTimeout(done, 200));
  child.kill("SIGTERM");
  await exited;
  return stdout;
}

const keyLines = (banner: string) =>
  banner
    .split("\n")
    .filter((line) => /^ {2}(facility|certifier) /.test(line))
    .map((line) => line.trim().split(/\s+/));

describe("npm start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "threadproof-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  let port = 0;
  let first = "";

  it("prints a banner, not logs, with every link on the public host and a key for each demo role", async () => {
    port = await freePort();
    first = await runStart({ DATA_DIR: dataDir, PORT: String(port) }, "Demo API keys");
    const base = `http://localhost:${port}`;

    for (const line of first.split("\n")) expect(() => JSON.parse(line), line).toThrow(); // no JSON log line
    const logFile = join(dataDir, "logs", "threadproof.log");
    expect(existsSync(logFile)).toBe(true);
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(logFile, "utf8")).toContain('"msg":"listening"');

    const links = first.match(/https?:\/\/[^\s)]+/g) ?? [];
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(link === base || link.startsWith(`${base}/`), link).toBe(true);
    expect(first).toMatch(/Operator API key \(shown this once/);

    const keys = keyLines(first);
    expect(keys.map(([role]) => role)).toContain("certifier");
    expect(keys.filter(([role]) => role === "facility")).toHaveLength(6);
    expect(statSync(join(dataDir, "demo.json")).mode & 0o777).toBe(0o600);
  }, 300_000);

  it("prints the same links and keys again on a restart, and the keys work", async () => {
    const again = await runStart({ DATA_DIR: dataDir, PORT: String(port) }, "Demo API keys");
    expect(again).not.toContain("Seeding the demo");
    expect(again).toMatch(/Operator API key: in .*operator-api-key/);
    const links = (banner: string) => (banner.match(/https?:\/\/\S+\/01\/\S+/g) ?? []).sort();
    expect(links(again)).toEqual(links(first));
    expect(links(again)).toHaveLength(3);
    expect(keyLines(again)).toEqual(keyLines(first));

    // A printed facility key authenticates: an empty fabric lot is refused for its body (400), not its key (401).
    const child = spawn(process.execPath, ["--import", "tsx", "services/main.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "silent" },
      stdio: "ignore",
    });
    try {
      const [, , key] = keyLines(again).find(([role]) => role === "facility") ?? [];
      let status = 0;
      for (let attempt = 0; attempt < 240 && status === 0; attempt++) {
        status = await fetch(`http://127.0.0.1:${port}/api/v1/events/fabric-lots`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
            "idempotency-key": "k1",
          },
          body: "{}",
        }).then(
          (response) => response.status,
          async () => (await new Promise((done) => setTimeout(done, 500)), 0),
        );
      }
      expect(status).toBe(400);
    } finally {
      child.kill("SIGTERM");
    }
  }, 300_000);
});
