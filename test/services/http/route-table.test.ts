/** One route table drives both Express and the OpenAPI document. */
import type { AddressInfo } from "node:net";
import express from "express";
import type { RequestHandler } from "express";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { afterAll, describe, expect, it } from "vitest";
import { openApiPath, registerRoutePaths, buildOpenApiDocument } from "../../../services/http/openapi";
import { mountRoutes } from "../../../services/http/route-table";
import type { RouteTable } from "../../../services/http/route-table";
import type { RouteContext } from "../../../services/http/routes/context";
import { SERVICE_ROUTE_TABLES } from "../../../services/http/routes/index";

const table: RouteTable = {
  prefix: "/api/v1",
  routes: [
    {
      method: "get",
      path: "/things/:id.pdf",
      operationId: "getThingPdf",
      summary: "A thing's PDF",
      access: "public",
      request: { params: z.object({ id: z.string() }) },
      answers: { 200: { description: "The PDF" } },
      errors: ["NOT_FOUND"],
      handle: (request, response) => void response.json({ pdf: request.params.id }),
    },
    {
      method: "get",
      path: "/things/:id",
      operationId: "getThing",
      summary: "A thing",
      access: "bearer",
      answers: { 200: { description: "The thing" } },
      handle: (request, response) => void response.json({ id: request.params.id }),
    },
    {
      method: "get",
      path: "/ping",
      operationId: "ping",
      summary: "Ping",
      access: "open",
      undocumented: true,
      answers: { 200: { description: "Pong" } },
      handle: (_request, response) => void response.json({ pong: true }),
    },
  ],
};

describe("route tables", () => {
  const closers: (() => void)[] = [];
  afterAll(() => closers.forEach((close) => close()));

  it("documents each route with its security and the errors its access implies", () => {
    const registry = new OpenAPIRegistry();
    registerRoutePaths(registry, [table], [{ apiKey: [] }]);
    const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
    });
    expect(Object.keys(document.paths ?? {})).toEqual(["/api/v1/things/{id}.pdf", "/api/v1/things/{id}"]);
    const pdf = document.paths!["/api/v1/things/{id}.pdf"]!.get!;
    expect(pdf.security).toEqual([]);
    expect(Object.keys(pdf.responses ?? {}).sort()).toEqual(["200", "404", "429"]);
    const thing = document.paths!["/api/v1/things/{id}"]!.get!;
    expect(thing.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(thing.responses ?? {}).sort()).toEqual(["200", "401"]);
    expect(openApiPath("", "/lots/:id/labels.pdf")).toBe("/lots/{id}/labels.pdf");
  });

  it("mounts public routes behind the limiter and the others behind authentication, in their order", async () => {
    const seen: string[] = [];
    const publicLimit: RequestHandler = (request, _response, next) => {
      seen.push(`limit ${request.path}`);
      next();
    };
    const requireAuth: RequestHandler = (request, response, next) => {
      seen.push(`auth ${request.path}`);
      if (request.get("authorization")) next();
      else response.status(401).json({ error: { code: "UNAUTHENTICATED" } });
    };
    const app = express();
    // The handlers here use no dependency.
    mountRoutes(app, [table], { context: {} as RouteContext, publicLimit, requireAuth });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    closers.push(() => server.close());
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

    // `/things/:id.pdf` is declared first, so it answers before `/things/:id` could take "7.pdf" as an id.
    expect(await (await fetch(`${base}/things/7.pdf`)).json()).toEqual({ pdf: "7" });
    expect((await fetch(`${base}/things/7`)).status).toBe(401);
    const authorized = await fetch(`${base}/things/7`, { headers: { authorization: "Bearer k" } });
    expect(await authorized.json()).toEqual({ id: "7" });
    expect(await (await fetch(`${base}/ping`)).json()).toEqual({ pong: true });
    expect(seen).toEqual(["limit /things/7.pdf", "auth /things/7", "auth /things/7"]);
  });

  it("documents every string-path route of the service unless it is marked undocumented", () => {
    const document = buildOpenApiDocument("http://localhost:3000");
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    const declared = SERVICE_ROUTE_TABLES.flatMap((routes) =>
      routes.routes
        .filter((route) => !route.undocumented)
        .map(
          (route) =>
            `${route.method} ${openApiPath(routes.prefix, typeof route.path === "string" ? route.path : String(route.documentedPath))}`,
        ),
    );
    expect(documented.sort()).toEqual(declared.sort());
    // Every public route says it may answer 429, every authenticated one 401.
    for (const routes of SERVICE_ROUTE_TABLES) {
      for (const route of routes.routes) {
        if (route.undocumented) continue;
        const path = typeof route.path === "string" ? route.path : route.documentedPath!;
        const operation = (document.paths as Record<string, Record<string, { responses: object }>>)[
          openApiPath(routes.prefix, path)
        ]![route.method]!;
        if (route.access === "public") expect(operation.responses, path).toHaveProperty("429");
        if (route.access === "bearer") expect(operation.responses, path).toHaveProperty("401");
      }
    }
  });
});
