/**
 * Every 429 and 503 tells the client when to come back (Retry-After): the public limiter's (its window), a
 * used-up quota's (seconds to its reset), a dependency that is down (UNAVAILABLE, and a store fault such as
 * SQLITE_FULL, which is a 503 too, never a 500), /healthz while degraded, and even a route that answers 503
 * by itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../services/config/index";
import { UnavailableError } from "../../../services/errors/index";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../../../services/http/app";
import { createLogger } from "../../../services/logging/index";
import { startService, type RunningService } from "../../../services/main";
import { fileForm, OPERATOR_KEY, samplePdf } from "../../support/api-harness";

describe("Retry-After on every 429 and 503", () => {
  let service: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tp-retry-after-"));
    service = await startService(
      loadConfig({
        PORT: "0",
        DATA_DIR: dataDir,
        OPERATOR_API_KEY: OPERATOR_KEY,
        PUBLIC_RATE_LIMIT_PER_MINUTE: "3",
        UPLOADS_PER_DAY: "1",
      }),
      {
        logger: createLogger({ level: "silent" }),
        extraRoutes: [
          {
            method: "get",
            path: "/down",
            operationId: "dependencyDown",
            summary: "A dependency that is down",
            access: "open",
            answers: { 200: { description: "never" } },
            handle: () => {
              throw new UnavailableError("The chain is down");
            },
          },
          {
            method: "get",
            path: "/disk-full",
            operationId: "storeDiskFull",
            summary: "A store whose disk is full",
            access: "open",
            answers: { 200: { description: "never" } },
            handle: () => {
              throw Object.assign(new Error("database or disk is full at /srv/data/service.sqlite"), {
                code: "SQLITE_FULL",
              });
            },
          },
          {
            method: "get",
            path: "/raw-503",
            operationId: "answers503",
            summary: "A route that answers 503 itself",
            access: "open",
            answers: { 200: { description: "never" } },
            handle: (_request, response) => {
              response.status(503).json({ error: { code: "UNAVAILABLE", message: "not now" } });
            },
          },
        ],
      },
    );
  });
  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${service.url}${path}`);

  it("on 503 UNAVAILABLE, on a store fault (a 503, saying nothing of the store), and on a bare 503", async () => {
    for (const path of ["/api/v1/down", "/api/v1/disk-full", "/api/v1/raw-503"]) {
      const response = await get(path);
      const text = await response.text();
      expect(response.status, `${path}: ${text}`).toBe(503);
      expect(JSON.parse(text).error.code, path).toBe("UNAVAILABLE");
      expect(response.headers.get("retry-after"), path).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      expect(text, path).not.toMatch(/SQLITE|\/srv/);
    }
  });

  it("on a used-up quota: the seconds until it resets", async () => {
    const mill = await fetch(`${service.url}/api/v1/facilities`, {
      method: "POST",
      headers: { authorization: `Bearer ${OPERATOR_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ id: "mill", name: "Mill", country: "VN", roles: ["fabric"] }),
    });
    const { apiKey } = (await mill.json()) as { apiKey: string };
    const upload = (text: string) =>
      fetch(`${service.url}/api/v1/documents`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}` },
        body: fileForm(samplePdf(text), "application/pdf", { type: "invoice" }),
      });
    expect((await upload("first")).status).toBe(201);
    const refused = await upload("second");
    const body = (await refused.json()) as { error: { code: string; details: { resetsAt: string } } };
    expect(refused.status).toBe(429);
    expect(body.error.code).toBe("QUOTA_EXCEEDED");
    const seconds = Number(refused.headers.get("retry-after"));
    const untilReset = (Date.parse(body.error.details.resetsAt) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(0);
    expect(Math.abs(seconds - untilReset)).toBeLessThanOrEqual(5);
  });

  it("on the public limiter's 429", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) last = await get("/api/v1/lots/NO-SUCH-1");
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("on /healthz while the service cannot take writes", async () => {
    await service.store.close();
    // The probes are cached for 3 s.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const response = await get("/healthz");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe(String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  });
});
