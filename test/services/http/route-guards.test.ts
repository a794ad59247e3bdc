/**
 * The guards every route gets from its table, checked by walking the tables themselves (so a new route cannot
 * slip past): every public route counts against the one public rate limiter, and every JSON body is strict —
 * each body schema, at every depth, refuses fields it does not know, naming them, and a POST that takes no
 * body refuses one with fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { toFieldIssues } from "../../../services/errors/zod-issues";
import { SERVICE_ROUTE_TABLES } from "../../../services/http/routes/index";
import { OPERATOR_KEY, startTestService } from "../../support/api-harness";
import type { TestService } from "../../support/api-harness";

const routes = SERVICE_ROUTE_TABLES.flatMap((table) =>
  table.routes.map((route) => ({ ...route, prefix: table.prefix })),
);

/**
 * Bodies a standard defines as open: an EPCIS 2.0 document or event may carry any namespaced extension field
 * (EPCIS 2.0 §7.1.2; the GS1 JSON Schema allows them), so these routes validate against the GS1 schema instead
 * of a strict zod object, and keep the extensions as part of the event.
 */
const OPEN_BY_STANDARD = new Set(["POST /epcis/capture", "POST /epcis/events"]);
const bodyRoutes = routes.filter(
  (route) =>
    route.request?.body &&
    !OPEN_BY_STANDARD.has(`${route.method.toUpperCase()} ${route.prefix}${String(route.path)}`),
);

/** A concrete path for a route: every `:param` filled in; the resolver's pattern by a Digital Link. */
function samplePath(route: (typeof routes)[number]): string {
  if (route.path instanceof RegExp) return "/01/08938505974019/10/NO-LOT/21/1";
  return `${route.prefix}${route.path}`.replace(/:(\w+)/g, (_match, name: string) =>
    name === "gtin" ? "08938505974019" : name === "serial" ? "1" : "NO-SUCH-1",
  );
}

/** Every object schema in a JSON Schema, with where it sits. */
function objectSchemas(schema: unknown, at = "body"): { at: string; node: Record<string, unknown> }[] {
  if (typeof schema !== "object" || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found: { at: string; node: Record<string, unknown> }[] = [];
  if (node.type === "object" && node.properties) found.push({ at, node });
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, child] of Object.entries(value)) found.push(...objectSchemas(child, `${at}.${name}`));
    } else if (Array.isArray(value)) {
      value.forEach((child, i) => found.push(...objectSchemas(child, `${at}[${key}.${i}]`)));
    } else if (typeof value === "object") {
      found.push(...objectSchemas(value, `${at}[${key}]`));
    }
  }
  return found;
}

describe("every route's guards, from the route tables", () => {
  let t: TestService;
  const publicRoutes = routes.filter((route) => route.access === "public");
  const limit = publicRoutes.length + 2;

  beforeAll(async () => {
    t = await startTestService({ PUBLIC_RATE_LIMIT_PER_MINUTE: String(limit) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("has public, bearer and JSON-body routes to walk", () => {
    expect(publicRoutes.length).toBeGreaterThan(10);
    expect(bodyRoutes.length).toBeGreaterThan(8);
    // The open ones are the EPCIS routes only, and they exist: a renamed route cannot hide in the list.
    for (const name of OPEN_BY_STANDARD)
      expect(
        routes.some((route) => `${route.method.toUpperCase()} ${route.prefix}${String(route.path)}` === name),
        name,
      ).toBe(true);
  });

  it("counts every public route against the one limiter, then answers 429 with Retry-After", async () => {
    let remaining = limit;
    for (const route of publicRoutes) {
      const path = samplePath(route);
      const answer = await t.call(route.method.toUpperCase(), path);
      remaining--;
      const header = answer.headers.get("ratelimit") ?? "";
      expect(header, `${path}: ${answer.status}`).toMatch(/r=\d+/);
      expect(Number(/r=(\d+)/.exec(header)![1]), `${path} is counted`).toBe(remaining);
    }
    // The shared budget is down to its last requests: the next public read of any kind is refused.
    while (remaining > 0) {
      await t.call("GET", "/api/v1/lots/NO-SUCH-1");
      remaining--;
    }
    for (const route of publicRoutes.slice(0, 3)) {
      const answer = await t.call("GET", samplePath(route));
      expect(answer.status).toBe(429);
      expect(answer.body.error.code).toBe("RATE_LIMITED");
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Open and bearer routes are not public: they do not draw on it.
    expect((await t.call("GET", "/healthz")).status).toBe(200);
  });

  it("declares every JSON body strict at every depth", () => {
    for (const route of bodyRoutes) {
      const body = route.request?.body;
      if (!body) continue;
      const name = `${route.method.toUpperCase()} ${route.prefix}${String(route.path)}`;
      const schema = z.toJSONSchema(body, { io: "input", unrepresentable: "any" });
      const objects = objectSchemas(schema);
      expect(objects.length, name).toBeGreaterThan(0);
      for (const { at, node } of objects) {
        expect(node.additionalProperties, `${name}: ${at} lets unknown fields through`).toBe(false);
      }
    }
  });

  it("refuses an unknown field in every JSON body, naming it", () => {
    for (const route of bodyRoutes) {
      const body = route.request?.body;
      if (!body) continue;
      const name = `${route.method.toUpperCase()} ${route.prefix}${String(route.path)}`;
      const parsed = body.safeParse({ surplusField: 1 });
      expect(parsed.success, name).toBe(false);
      const paths = toFieldIssues(parsed.error!).map((issue) => issue.path);
      expect(paths, name).toContain("surplusField");
    }
  });

  it("refuses fields sent to a POST that takes no body, naming them, through HTTP", async () => {
    const bodiless = routes.filter(
      (route) => route.method === "post" && !route.request?.body && !route.request?.multipart,
    );
    expect(bodiless.length).toBeGreaterThan(2);
    let checked = 0;
    for (const route of bodiless) {
      const path = samplePath(route);
      const answer = await t.call("POST", path, { key: OPERATOR_KEY, body: { surplusField: 1 } });
      if (answer.status === 403) continue; // the operator may not do this one: refused before any body
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.body.error.details.fields.map((field: { path: string }) => field.path)).toContain(
        "surplusField",
      );
      checked++;
    }
    expect(checked, "routes the operator may call").toBeGreaterThan(2);
    // An empty object is no field: the route runs (here: no such facility).
    expect(
      (await t.call("POST", "/api/v1/facilities/NO-SUCH-1/suspend", { key: OPERATOR_KEY, body: {} })).status,
    ).toBe(404);
  });
});
