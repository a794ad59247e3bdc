/**
 * The OpenAPI 3.1 document, generated from the route tables (services/http/routes) and so from the same zod
 * schemas that validate requests: each route's path, summary, security, request and answers, plus the
 * errors its access and kind imply (429 for public routes, 401 for authenticated ones, the write errors for
 * idempotent writes).
 */
import { ERROR_CODES, type ErrorCode } from "../errors/index";
import { ERROR_STATUS } from "./error-status";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { isWrite } from "./route-table";
import type { RouteDefinition, RouteTable } from "./route-table";
import { ErrorSchema } from "./schemas/common";
import { SERVICE_ROUTE_TABLES } from "./routes/index";
import { originRoutes } from "./routes/origin";
import { certificateApiRoutes } from "./routes/certificates";
import { viewerApiRoutes } from "./routes/viewer";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

const IdempotencyKeyHeader = z.string().min(1).max(255).optional().meta({
  description: "Any unique string; a retry with the same key and body returns the first answer",
});

/** What every idempotent write can answer besides its own errors. */
const WRITE_ERRORS: readonly ErrorCode[] = [
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "PAYLOAD_TOO_LARGE",
  "IDEMPOTENCY_KEY_REUSED",
  "UNAVAILABLE",
];

/** The codes grouped by the status they answer with, each group described by its codes' summaries. */
function errorResponses(codes: Iterable<ErrorCode>): Record<string, string> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus].map(([status, group]) => [
      String(status),
      [...group].map((code) => `${code}: ${ERROR_CODES[code]}`).join("; "),
    ]),
  );
}

type Security = Record<string, string[]>[];

/** `/lots/:id/labels.pdf` → `/lots/{id}/labels.pdf`. */
export function openApiPath(prefix: string, path: string): string {
  return prefix + path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

function routeConfig(prefix: string, route: RouteDefinition, bearer: Security): RouteConfig {
  const path = typeof route.path === "string" ? route.path : route.documentedPath;
  if (path === undefined) throw new Error(`${route.summary}: a RegExp path needs a documentedPath`);
  const write = isWrite(route);
  const request: NonNullable<RouteConfig["request"]> = {};
  if (route.request?.params) request.params = route.request.params;
  if (route.request?.query) request.query = route.request.query;
  if (route.request?.body) request.body = { content: { "application/json": { schema: route.request.body } } };
  if (route.request?.multipart)
    request.body = { content: { "multipart/form-data": { schema: route.request.multipart.schema } } };
  if (write) request.headers = z.object({ "Idempotency-Key": IdempotencyKeyHeader });

  const errors = errorResponses([
    ...(route.access === "public" ? (["RATE_LIMITED"] as const) : []),
    ...(route.access === "bearer" ? (["UNAUTHENTICATED"] as const) : []),
    // Every route refuses a malformed Host (app.ts); an open route has no other 4xx to document.
    ...(route.access === "open" ? (["BAD_REQUEST"] as const) : []),
    ...(write ? WRITE_ERRORS : []),
    ...(route.errors ?? []),
  ]);
  const responses: RouteConfig["responses"] = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    responses[status] = {
      description: answer.description,
      ...(answer.content
        ? {
            content: Object.fromEntries(
              Object.entries(answer.content).map(([type, schema]) => [type, { schema }]),
            ),
          }
        : {}),
    };
  }
  for (const [status, description] of Object.entries(errors)) responses[status] = errorResponse(description);

  return {
    method: route.method,
    path: openApiPath(prefix, path),
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    // Public and open routes need no credentials: `[]` says so explicitly.
    security: route.access === "bearer" ? bearer : [],
    ...(Object.keys(request).length > 0 ? { request } : {}),
    responses,
  };
}

/**
 * Adds the documented routes of `tables` to `registry`; `bearer` is the security requirement of the
 * authenticated ones.
 *
 * @example
 * registerRoutePaths(registry, [facilityRoutes], [{ apiKey: [] }]);
 */
export function registerRoutePaths(
  registry: OpenAPIRegistry,
  tables: readonly RouteTable[],
  bearer: Security,
): void {
  for (const table of tables) {
    for (const route of table.routes) {
      if (!route.undocumented) registry.registerPath(routeConfig(table.prefix, route, bearer));
    }
  }
}

/** The origin engine's and the certificates' paths. */
export function registerOriginPaths(registry: OpenAPIRegistry, bearer: Security): void {
  registerRoutePaths(registry, [originRoutes, certificateApiRoutes], bearer);
}

/** The garment, passport, QR and label paths. */
export function registerViewerPaths(registry: OpenAPIRegistry, options: { bearerSecurity: Security }): void {
  registerRoutePaths(registry, [viewerApiRoutes], options.bearerSecurity);
}

/**
 * Builds the document of `tables` (default: every route of the service); `publicBaseUrl` becomes its server.
 *
 * @example
 * const document = buildOpenApiDocument("https://threadproof.example");
 */
export function buildOpenApiDocument(
  publicBaseUrl: string,
  tables: readonly RouteTable[] = SERVICE_ROUTE_TABLES,
): ReturnType<OpenApiGeneratorV31["generateDocument"]> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key: the operator's, a facility's or a certifier's",
  });
  registerRoutePaths(registry, tables, [{ [bearer.name]: [] }]);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "threadproof API",
      version: "1.0.0",
      description: "Garment provenance: production events on chain, documents in IPFS.",
      license: { name: "Apache 2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: publicBaseUrl }],
  });
}
