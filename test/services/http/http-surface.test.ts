/**
 * What every client sees regardless of route: security headers, rate limits on public reads, request logs
 * without secrets, and the service run as a child process from its environment.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../services/config/index";
import { createLogger } from "../../../services/logging/index";
import { startService } from "../../../services/main";
import { fabricLot, OPERATOR_KEY, startTestService } from "../../support/api-harness";
import { killSupervisedNode } from "../../support/anvil-node";

describe("HTTP surface", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("sends security headers and no x-powered-by", async () => {
    const t = await startTestService();
    cleanups.push(() => t.stop());
    const answer = await t.call("GET", "/healthz");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(answer.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(answer.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(answer.headers.get("x-powered-by")).toBeNull();
  });

  it("rate-limits public reads with a 429 RATE_LIMITED", async () => {
    const t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: "3" });
    cleanups.push(() => t.stop());
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await t.call("GET", "/api/v1/lots/FL-NONE")).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await t.call("GET", "/api/v1/provenance/FL-NONE");
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    expect(limited.headers.get("ratelimit-policy")).toContain("3");
    // Writes are not counted against the public read budget.
    expect((await t.call("GET", "/healthz")).status).toBe(200);
  });

  it("logs each request without its API key", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tp-logs-"));
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
    const service = await startService(
      loadConfig({ PORT: "0", DATA_DIR: dataDir, OPERATOR_API_KEY: OPERATOR_KEY }),
      { logger: createLogger({ level: "info", destination: stream }) },
    );
    cleanups.push(async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const response = await fetch(`${service.url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ id: "logged", name: "Logged", country: "VN", roles: ["fabric"] }),
    });
    const { apiKey } = (await response.json()) as { apiKey: string };
    await fetch(`${service.url}/api/v1/events/fabric-lots`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(fabricLot("FL-LOGGED")),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requests = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "request");
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: "POST",
          path: "/api/v1/facilities",
          status: 201,
          principal: "operator",
        }),
        expect.objectContaining({
          method: "POST",
          path: "/api/v1/events/fabric-lots",
          status: 201,
          principal: "facility",
        }),
      ]),
    );
    const text = lines.join("\n");
    expect(text).not.toContain(OPERATOR_KEY);
    expect(text).not.toContain(apiKey);
  });

  it("runs as a child process from its environment, prints a listening line and stops on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tp-child-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const startChild = () =>
      // `--import tsx` in this process, not the tsx CLI: the CLI runs the service in a child of its own, which a
      // SIGKILL of the CLI would leave running.
      spawn(process.execPath, ["--import", "tsx", "services/main.ts"], {
        env: {
          ...process.env,
          PORT: "0",
          DATA_DIR: dataDir,
          LOG_LEVEL: "info",
          HARDHAT_DISABLE_TELEMETRY_PROMPT: "true",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
    const child = startChild();
    const output: string[] = [];
    // Every line the child writes, stdout and stderr: none may carry the operator key.
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    // Resolves once both the listening line and (printed just after it) the key's location are out.
    const listening = new Promise<{ url: string; keyNotice: string }>((resolve, reject) => {
      let url: string | undefined;
      let keyNotice: string | undefined;
      let buffer = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          output.push(line);
          if (line.startsWith("{")) {
            const parsed = JSON.parse(line) as { msg?: string; url?: string };
            if (parsed.msg === "listening") url = parsed.url;
          } else if (line.includes("generated an operator API key")) keyNotice = line;
          if (url !== undefined && keyNotice !== undefined) resolve({ url, keyNotice });
        }
      });
      child.once("exit", (code) =>
        reject(new Error(`exited ${code} before listening: ${output.join("\n")}`)),
      );
    });
    const { url, keyNotice } = await listening;
    // First start without OPERATOR_API_KEY: the generated key is written to a 0600 file, whose path is printed.
    const keyFile = join(dataDir, "operator-api-key");
    expect(keyNotice).toContain(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const operatorApiKey = readFileSync(keyFile, "utf8").trim();
    expect(operatorApiKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const registered = await fetch(`${url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${operatorApiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ id: "child-mill", name: "Child Mill", country: "VN", roles: ["fabric"] }),
    });
    expect(registered.status).toBe(201);
    // The key is used (in a header the request log sees) but appears on no line: not printed, not logged.
    expect(output.some((line) => line.includes('"msg":"request"'))).toBe(true);
    expect(output.filter((line) => line.includes(operatorApiKey))).toHaveLength(0);

    // A second process on the same data dir refuses to start while the first runs.
    const second = startChild();
    let secondError = "";
    second.stderr.on("data", (chunk: Buffer) => (secondError += chunk.toString()));
    const secondCode = await new Promise<number | null>((resolve) =>
      second.once("exit", (code) => resolve(code)),
    );
    expect(secondCode).toBe(1);
    expect(secondError).toContain("Another threadproof process");

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
    expect(output.filter((line) => line.includes(operatorApiKey))).toHaveLength(0);
    // The lock went with the process: a restart on the same data dir starts.
    const restarted = startChild();
    const restartedUrl = await new Promise<string>((resolve, reject) => {
      restarted.stdout.on("data", (chunk: Buffer) => {
        const match = /"msg":"listening"/.test(chunk.toString()) && /"url":"([^"]+)"/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      restarted.once("exit", (code) => reject(new Error(`restart exited ${code}`)));
    });
    expect((await fetch(`${restartedUrl}/healthz`)).status).toBe(200);
    const restartedExit = new Promise((resolve) => restarted.once("exit", resolve));
    restarted.kill("SIGKILL");
    await restartedExit;
    // On the anvil engine (CHAIN_ENGINE=anvil) a SIGKILLed service leaves its node behind: stop it too.
    killSupervisedNode(dataDir);
  });

  it("documents extension routes in the OpenAPI document and answers a fault with a bare 500 INTERNAL", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tp-fault-"));
    const service = await startService(
      loadConfig({ PORT: "0", DATA_DIR: dataDir, OPERATOR_API_KEY: OPERATOR_KEY }),
      {
        logger: createLogger({ level: "silent" }),
        extraRoutes: [
          {
            method: "get",
            path: "/broken",
            operationId: "broken",
            summary: "A route that always fails",
            access: "open",
            answers: { 500: { description: "INTERNAL" } },
            handle: () => {
              throw new Error("secret internals at /srv/db.sqlite");
            },
          },
        ],
      },
    );
    cleanups.push(async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const openapi = (await (await fetch(`${service.url}/api/v1/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).toContain("/api/v1/broken");
    const response = await fetch(`${service.url}/api/v1/broken`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "INTERNAL", message: "Something went wrong on our side" },
    });
  });
});
