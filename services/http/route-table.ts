/**
 * Routes as data. Each route module declares its routes in a {@link RouteTable}: method, path, what it says
 * in the OpenAPI document, who may call it, the schemas of its request and answers, the errors it can give,
 * and its handler. {@link mountRoutes} puts the tables on Express — the shared public rate limiter in front
 * of public routes, bearer authentication in front of the others, the idempotent {@link write} wrapper around
 * writes — and `openapi.ts` generates the document's paths from the same tables.
 */
import { ValidationError } from "../errors/index";
import type { ErrorCode } from "../errors/index";
import { Router } from "express";
import type { Express, Request, RequestHandler, Response } from "express";
import multer from "multer";
import type { z } from "zod";
import type { Principal } from "../service-db/api-keys";
import type { StoredAnswer } from "./idempotency";
import type { RouteContext } from "./routes/context";
import { write } from "./routes/context";

/**
 * Who may call a route:
 * - `public`: anyone; counted against the one public rate limit (429 RATE_LIMITED), `security: []`;
 * - `bearer`: an API key (401 without one); the route decides whose (403);
 * - `open`: anyone, never rate-limited (health check, the OpenAPI document).
 */
export type RouteAccess = "public" | "bearer" | "open";

/** A documented answer: its description and, when it has a body, the body's schema by media type. */
export interface RouteAnswer {
  description: string;
  /** Media type → the body's schema. */
  content?: Record<string, z.ZodType>;
}

export interface RouteRequest {
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The JSON body (application/json). */
  body?: z.ZodType;
  /** A multipart/form-data body: its documented schema and the field that carries the file. */
  multipart?: {
    schema: z.ZodType;
    fileField: string;
    /** The handler reads the body itself (a spreadsheet import streams it to disk): the table only documents it. */
    readsItself?: true;
  };
}

interface RouteDeclaration {
  method: "get" | "post" | "options";
  /** Under the table's prefix; `:name` for parameters. A RegExp needs `documentedPath` or `undocumented`. */
  path: string | RegExp;
  /** For a RegExp path: the path template the OpenAPI document shows (`/01/{digitalLinkPath}`). */
  documentedPath?: string;
  /** The OpenAPI `operationId`: camelCase, unique across the service (e.g. `recordCutting`). */
  operationId: string;
  summary: string;
  description?: string;
  access: RouteAccess;
  /** Left out of the OpenAPI document (pages for people, the resolver's free-form paths). */
  undocumented?: true;
  request?: RouteRequest;
  /** The successful answers, by status. */
  answers: Record<number, RouteAnswer>;
  /** The error codes it can answer beyond those its access and kind imply (statuses: `error-status.ts`). */
  errors?: readonly ErrorCode[];
}

/** A route that answers by itself (reads, and the few authenticated actions that record nothing). */
export interface HandlerRoute extends RouteDeclaration {
  handle: (request: Request, response: Response, context: RouteContext) => unknown;
}

/** An authenticated, idempotent write: its answer is stored under the request's Idempotency-Key. */
export interface WriteRoute extends RouteDeclaration {
  access: "bearer";
  /** Refuses principals that may not do this (403), before anything is read or stored. */
  authorize?: (principal: Principal) => void;
  /** What identifies the request's content for Idempotency-Key (default: the JSON body). */
  content?: (request: Request) => unknown;
  write: (request: Request, principal: Principal, context: RouteContext) => Promise<StoredAnswer>;
}

export type RouteDefinition = HandlerRoute | WriteRoute;

/** One module's routes and where they are mounted (`/api/v1` or the root). */
export interface RouteTable {
  prefix: "/api/v1" | "";
  routes: readonly RouteDefinition[];
}

export function isWrite(route: RouteDefinition): route is WriteRoute {
  return "write" in route;
}

/** What the mounted routes share: the one public rate limiter and bearer authentication. */
export interface MountParameters {
  context: RouteContext;
  /** The service's one public rate limiter (one counter store for every public route). */
  publicLimit: RequestHandler;
  /** Authenticates the bearer key (401 otherwise) and keeps the principal for the handler. */
  requireAuth: RequestHandler;
}

/**
 * Mounts `tables` on `app` in their order (within a table, routes keep their declared order: Express tries
 * them one after the other).
 *
 * @example
 * mountRoutes(app, [facilityRoutes, lotRoutes], { context, publicLimit, requireAuth });
 */
export function mountRoutes(app: Express, tables: readonly RouteTable[], parameters: MountParameters): void {
  const routers = new Map<string, Router>();
  for (const table of tables) {
    let router = routers.get(table.prefix);
    if (!router) {
      router = Router();
      routers.set(table.prefix, router);
      if (table.prefix === "") app.use(router);
      else app.use(table.prefix, router);
    }
    for (const route of table.routes) router[route.method](route.path, ...handlersOf(route, parameters));
  }
}

/**
 * A POST that takes no body refuses one with fields, naming each, as a strict body schema would: a client
 * that thinks its fields mean something learns they do not. An empty body or `{}` is fine.
 */
function refuseBodyFields(request: Request): void {
  const body: unknown = request.body;
  if (body === undefined || body === null) return;
  const fields = typeof body === "object" && !Array.isArray(body) ? Object.keys(body) : [""];
  if (fields.length === 0) return;
  throw new ValidationError(
    fields.slice(0, 20).map((path) => ({ path, message: "unrecognized field: this route takes no body" })),
  );
}

function handlersOf(route: RouteDefinition, parameters: MountParameters): RequestHandler[] {
  const { context } = parameters;
  const handlers: RequestHandler[] = [];
  if (route.access === "public") handlers.push(parameters.publicLimit);
  if (route.access === "bearer") handlers.push(parameters.requireAuth);
  const multipart = route.request?.multipart;
  if (multipart && !multipart.readsItself) {
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: context.limits.uploadLimitBytes, files: 1, fields: 5, fieldSize: 1024, parts: 8 },
    });
    handlers.push(upload.single(multipart.fileField));
  }
  const takesNoBody = route.method === "post" && !route.request?.body && !multipart;
  if (isWrite(route)) {
    handlers.push(
      write(context.idempotency, {
        ...(route.authorize ? { authorize: route.authorize } : {}),
        ...(route.content ? { content: route.content } : {}),
        // After authorize: who may not call the route hears 403 whatever the body.
        handle: (request, principal) => {
          if (takesNoBody) refuseBodyFields(request);
          return route.write(request, principal, context);
        },
      }),
    );
  } else {
    const { handle } = route;
    handlers.push(async (request, response) => {
      if (takesNoBody) refuseBodyFields(request);
      await handle(request, response, context);
    });
  }
  return handlers;
}
