/**
 * One public rate limit for the whole service: PUBLIC_RATE_LIMIT_PER_MINUTE requests per client per minute
 * across every public route together (lot reads, the resolver, certificate pages and verifications, garment
 * JSON), not per route module.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const LIMIT = 5;

/** Public routes of different modules: core reads, the resolver, certificates, the garment JSON. */
const PUBLIC_ROUTES = [
  "/api/v1/lots/FL-NONE",
  "/01/08938505974019/10/SEW-NONE/21/1",
  "/certificates/CERT-NONE",
  "/api/v1/origin/certificates/CERT-NONE/verification",
  "/api/v1/garments/08938505974019/SEW-NONE/1",
];

describe("the public rate limit", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("counts requests to all public routes against one budget", async () => {
    expect(PUBLIC_ROUTES).toHaveLength(LIMIT);
    const first = [];
    for (const path of PUBLIC_ROUTES) first.push((await t.call("GET", path)).status);
    // Each answers for itself (all name things that do not exist): none is refused yet.
    expect(first).toEqual([404, 404, 404, 404, 404]);

    // The budget is spent: the next request on any public route, these or others, is refused.
    for (const path of [
      ...PUBLIC_ROUTES,
      "/api/v1/provenance/FL-NONE",
      "/api/v1/facilities/mill-none",
      "/api/v1/garments/08938505974019/SEW-NONE/1/passport",
      "/ipfs/bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
    ]) {
      const answer = await t.call("GET", path, { headers: { accept: "application/json" } });
      expect(answer.status, path).toBe(429);
      expect(answer.body.error.code, path).toBe("RATE_LIMITED");
      expect(answer.headers.get("ratelimit-policy"), path).toContain(String(LIMIT));
    }
  });

  it("does not count the health check or the OpenAPI document", async () => {
    expect((await t.call("GET", "/healthz")).status).toBe(200);
    expect((await t.call("GET", "/api/v1/openapi.json")).status).toBe(200);
  });
});
