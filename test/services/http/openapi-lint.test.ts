/**
 * The generated OpenAPI document, linted by Redocly with its recommended ruleset, no rule turned off: no
 * errors and no warnings. Every operation has an operationId and a
 * security requirement (`[]` for public and open routes).
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../../services/http/openapi";

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument("https://trace.example.vn");

  it("lints clean with Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "openapi.json",
      config,
    });
    const shown = problems.map(
      (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`,
    );
    expect(shown).toEqual([]);
  });

  it("declares an operationId and security on every operation", () => {
    const ids = new Set<string>();
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId?: string; security?: unknown[] }>).map(
        ([method, operation]) => ({ where: `${method} ${path}`, operation }),
      ),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const { where, operation } of operations) {
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(ids.has(operation.operationId!), `${where}: duplicate operationId`).toBe(false);
      ids.add(operation.operationId!);
      expect(Array.isArray(operation.security), where).toBe(true);
    }
    // The resolver, its description file and the IPFS objects are documented too.
    expect(Object.keys(document.paths ?? {})).toEqual(
      expect.arrayContaining(["/01/{digitalLinkPath}", "/.well-known/gs1resolver", "/ipfs/{cid}"]),
    );
  });
});
