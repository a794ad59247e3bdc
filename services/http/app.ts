/**
 * `createApp(deps)` builds the HTTP application and never listens: tests and `server.ts` build the same app.
 */
import express from "express";
import type { Express, RequestHandler, Router } from "express";
import helmet from "helmet";
import { rateLimit } from "express-rate-limit";
import type { Ledger } from "../chain/ledger";
import type { Config } from "../config/index";
import type { IndexDatabase } from "../read-model/database";
import type { DocumentStore } from "../ipfs/index";
import type { Logger } from "../logging/index";
import type { CommitGarments } from "../production/garment-commitment";
import { createApiKeyRegistry } from "../service-db/api-keys";
import { errorMiddleware, notFoundHandler } from "./errors-middleware";
import { createIdempotency } from "./idempotency";
import { buildOpenApiDocument, type OpenApiExtension } from "./openapi";
import { requireAuthWith, write } from "./routes/context";
import type { RouteContext } from "./routes/context";
import { documentRoutes } from "./routes/documents";
import { eventRoutes } from "./routes/events";
import { facilityRoutes } from "./routes/facilities";
import { readRoutes } from "./routes/reads";
import type { VerifyProvenance } from "./routes/reads";
import type { ServiceDatabase } from "../service-db/database";

export interface AppDeps {
  config: Pick<
    Config,
    "publicBaseUrl" | "jsonBodyLimitBytes" | "uploadLimitBytes" | "publicRateLimitPerMinute"
  >;
  /** The operator's API key (from the configuration or generated on first start). */
  operatorApiKey: string;
  logger: Logger;
  ledger: Ledger;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  /** Makes a garment batch's Merkle commitment (services/garments). */
  commitGarments: CommitGarments;
  /** Adds verification verdicts to provenance answers (services/provenance), when available. */
  verifyProvenance?: VerifyProvenance;
  /** Mounts more routes under /api/v1 (origin, certificates, QR) with the same auth and idempotency helpers. */
  extraApiRoutes?: ((context: RouteContext) => Router)[];
  /** Adds the extension modules' paths to the OpenAPI document. */
  openApiExtensions?: OpenApiExtension[];
  /** Mounts routes at the root (the web viewer, GS1 Digital Link resolver). */
  extraRootRoutes?: ((context: RouteContext) => Router)[];
  /** False while starting or stopping: /healthz answers 503. */
  isReady?: () => boolean;
}

/**
 * Builds the application.
 *
 * @example
 * const app = createApp({ config, operatorApiKey, logger, ledger, store, indexDb, serviceDb, commitGarments });
 * app.listen(0);
 */
export function createApp(deps: AppDeps): Express {
  const keys = createApiKeyRegistry({ db: deps.serviceDb, operatorApiKey: deps.operatorApiKey });
  const idempotency = createIdempotency(deps.serviceDb);
  const limits = {
    jsonBodyLimitBytes: deps.config.jsonBodyLimitBytes,
    uploadLimitBytes: deps.config.uploadLimitBytes,
  };
  const context: RouteContext = {
    ledger: deps.ledger,
    store: deps.store,
    indexDb: deps.indexDb,
    serviceDb: deps.serviceDb,
    keys,
    idempotency,
    commitGarments: deps.commitGarments,
    logger: deps.logger,
    limits,
    requireAuth: requireAuthWith(keys),
    write: (route) => write(idempotency, route),
  };
  const publicReadLimit: RequestHandler = rateLimit({
    windowMs: 60_000,
    limit: deps.config.publicRateLimitPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_request, response) => {
      response.status(429).json({ error: { code: "RATE_LIMITED", message: "Too many requests; slow down" } });
    },
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(helmet());
  // While stopping, every answer closes its connection so keep-alive clients let the server finish.
  app.use((_request, response, next) => {
    if (deps.isReady && !deps.isReady()) response.set("Connection", "close");
    next();
  });
  // One line per request: method, route path, status and time; never headers, bodies or keys.
  app.use((request, response, next) => {
    const started = performance.now();
    response.on("finish", () => {
      deps.logger.info(
        {
          method: request.method,
          path: request.originalUrl.split("?")[0]!.slice(0, 200),
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
          principal: (response.locals.principal as { type?: string } | undefined)?.type,
        },
        "request",
      );
    });
    next();
  });
  app.use(express.json({ limit: deps.config.jsonBodyLimitBytes, strict: true }));

  app.get("/healthz", (_request, response) => {
    if (deps.isReady && !deps.isReady()) {
      response
        .status(503)
        .json({ error: { code: "NOT_READY", message: "The service is starting or stopping" } });
      return;
    }
    response.json({
      status: "ok",
      chainId: deps.ledger.chainId,
      contractAddress: deps.ledger.contractAddress,
    });
  });

  let openApiDocument: unknown;
  app.get("/api/v1/openapi.json", (_request, response) => {
    openApiDocument ??= buildOpenApiDocument(deps.config.publicBaseUrl, deps.openApiExtensions);
    response.json(openApiDocument);
  });

  const api = express.Router();
  api.use(facilityRoutes(context, { rateLimit: publicReadLimit }));
  api.use(documentRoutes(context, { rateLimit: publicReadLimit }));
  api.use(eventRoutes(context));
  api.use(readRoutes(context, { rateLimit: publicReadLimit, verifyProvenance: deps.verifyProvenance }));
  for (const mount of deps.extraApiRoutes ?? []) api.use(mount(context));
  app.use("/api/v1", api);
  for (const mount of deps.extraRootRoutes ?? []) app.use(mount(context));

  app.use(notFoundHandler);
  app.use(errorMiddleware({ logger: deps.logger, limits }));
  return app;
}
