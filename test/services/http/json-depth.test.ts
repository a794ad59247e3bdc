/**
 * A JSON body nested past the bound is refused with 400 VALIDATION_FAILED on every route that reads JSON,
 * instead of overflowing the stack of whatever walks it next (the API fuzzer found a 500 on
 * /credentials/verify for 5,000 nested arrays); a body at the bound goes through to the route's own checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, jsonDepth } from "../../../services/http/json-depth";
import { OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

describe("jsonDepth", () => {
  it("counts how deeply arrays and objects nest, without recursion", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }], c: 2 })).toBe(3);
    expect(jsonDepth(JSON.parse(nested(100_000)), Infinity)).toBe(100_000);
  });

  it("stops once it is past the limit", () => {
    expect(jsonDepth(JSON.parse(nested(10_000)), 10)).toBe(11);
  });
});

describe("a deeply nested JSON body", () => {
  let t: TestService;

  beforeAll(async () => {
    t = await startTestService({ CHAIN_ENGINE: "edr" });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ["POST", "/credentials/verify"],
    ["POST", "/presentations/verify"],
    ["POST", "/api/v1/facilities"],
    ["POST", "/api/v1/origin/assess"],
  ])("is refused with 400 naming the bound on %s %s", async (method, path) => {
    const answer = await t.call(method, path, {
      key: OPERATOR_KEY,
      headers: { "content-type": "application/json" },
      rawBody: nested(5_000),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { fields: [{ path: "", message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }] },
    });
  });

  it("is refused as a problem document on EPCIS capture", async () => {
    const answer = await t.call("POST", "/epcis/capture", {
      key: OPERATOR_KEY,
      headers: { "content-type": "application/ld+json" },
      rawBody: `{"eventList":${nested(5_000)}}`,
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("at the bound, reaches the route's own validation", async () => {
    const answer = await t.call("POST", "/credentials/verify", {
      key: OPERATOR_KEY,
      headers: { "content-type": "application/json" },
      rawBody: `{"verifiableCredential":${nested(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain("levels");
  });
});
