/**
 * `npm start` as a newcomer sees it (scripts/start.ts spawned as `npm start` runs it): a banner rather than a log
 * stream, links on one host, the consoles' sign-in link, the demo's API keys for every role with the console each
 * opens — and the same links and keys on a restart, each key signing in to its console.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { freePort } from "../support/free-port";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnNpmStart } from "../support/npm-start-process";

/** Runs `tsx scripts/start.ts` until its output contains `until`, then stops it with SIGTERM. */
async function runStart(env: Record<string, string>, until: string): Promise<string> {
  const start = spawnNpmStart(env);
  try {
    await start.waitFor(until);
    // The keys are the last lines printed: give the write a moment to finish before stopping.
    await new Promise((done) => setTimeout(done, 200));
  } finally {
    await start.stop();
  }
  return start.output();
}

const keyLines = (banner: string) =>
  banner
    .split("\n")
    .filter((line) => /^ {2}(facility|certifier) /.test(line))
    .map((line) => line.trim().split(/\s+/));

/** Where each console the banner names sends its key after sign-in. */
const CONSOLE_HOME: Record<string, string> = {
  "factory office": "/console/facility",
  "compliance officer": "/console/compliance/",
  "programme operator": "/console/operator/",
};

/** Signs in with `apiKey` as the console's form does; the path the answer sends the browser to. */
async function signIn(base: string, apiKey: string): Promise<string> {
  const response = await fetch(`${base}/console/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ apiKey }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  return response.headers.get("location") ?? "";
}

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

    // One sign-in link for every console, and each key beside the console it opens: never a key in a URL.
    expect(first).toContain(`Consoles: ${base}/console/sign-in`);
    const keys = keyLines(first);
    expect(keys.map(([role]) => role)).toContain("certifier");
    expect(keys.filter(([role]) => role === "facility")).toHaveLength(6);
    for (const [role, , key, ...console] of keys) {
      expect(console.join(" ")).toBe(role === "facility" ? "factory office" : "compliance officer");
      for (const link of links) expect(link).not.toContain(key!);
    }
    expect(first).toContain("It signs in to the console of the programme operator");
    expect(statSync(join(dataDir, "demo.json")).mode & 0o777).toBe(0o600);
  }, 300_000);

  it("prints the same links and keys again on a restart, and each key signs in to the console it names", async () => {
    // Restarted on another host name (as to try it from a phone): every link is printed on that one host.
    const base = `http://127.0.0.1:${port}`;
    const start = spawnNpmStart({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_BASE_URL: base });
    try {
      await start.waitFor("Demo API keys");
      await new Promise((done) => setTimeout(done, 200)); // the key lines are the last written
      const again = start.output();
      for (const link of again.match(/https?:\/\/[^\s)]+/g) ?? [])
        expect(link === base || link.startsWith(`${base}/`), link).toBe(true);
      expect(again).not.toContain("Seeding the demo");
      expect(again).toMatch(/Operator API key: in .*operator-api-key/);
      expect(again).toContain(`Consoles: ${base}/console/sign-in`);
      const paths = (pattern: RegExp) => (banner: string) =>
        (banner.match(pattern) ?? []).map((link) => new URL(link).pathname + new URL(link).search).sort();
      const links = paths(/https?:\/\/\S+\/01\/\S+/g);
      expect(links(again)).toEqual(links(first));
      expect(links(again)).toHaveLength(3);
      const certificates = paths(/https?:\/\/\S+\/certificates\/\S+/g);
      expect(certificates(again)).toEqual(certificates(first));
      expect(certificates(again).length).toBeGreaterThan(0);
      expect(keyLines(again)).toEqual(keyLines(first));

      // A printed facility key authenticates: an empty fabric lot is refused for its body (400), not its key (401).
      const [, , facilityKey] = keyLines(again).find(([role]) => role === "facility") ?? [];
      const refused = await fetch(`${base}/api/v1/events/fabric-lots`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${facilityKey}`,
          "content-type": "application/json",
          "idempotency-key": "k1",
        },
        body: "{}",
      });
      expect(refused.status).toBe(400);

      // Every role: each printed key, and the operator's from its file, opens the console the banner names.
      for (const [, id, key, ...console] of keyLines(again)) {
        expect(await signIn(base, key!), id).toContain(CONSOLE_HOME[console.join(" ")]!);
      }
      const operatorKey = readFileSync(join(dataDir, "operator-api-key"), "utf8").trim();
      expect(await signIn(base, operatorKey)).toContain(CONSOLE_HOME["programme operator"]!);
    } finally {
      await start.stop();
    }
  }, 300_000);
});
