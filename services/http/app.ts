/**
 * `createApp(deps)` builds the HTTP application and never listens: tests and `services/main.ts` build the
 * same app. It mounts every route table of the service (services/http/routes) with one public rate limiter,
 * one counter store, for all public routes together.
 */
import { workerReportRunner } from "../kpis/report";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certificatePdfRenderer, dossierPdfRenderer } from "../certificates/render-pdf";
import { createClientBudget } from "./client-budget";
import { createWorkLimiter } from "../support/work-limiter";
import type { WorkerPool } from "../support/worker-pool";
import express from "express";
import type { Express, RequestHandler } from "express";
import helmet from "helmet";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import type { Ledger } from "../chain/ledger";
import type { CertifierKeyStore } from "../certificates/certifier-keys";
import { DEFAULT_IMPORT_LIMITS, DEFAULT_WRITE_LIMITS } from "../config/index";
import type { Config } from "../config/index";
import type { IndexDatabase } from "../read-model/database";
import type { DocumentStore } from "../ipfs/index";
import type { Logger } from "../logging/index";
import type { CommitGarments } from "../production/garment-commitment";
import type { ProvenanceDeps } from "../provenance/index";
import type { ScanCounter } from "../service-db/scan-counter";
import { createApiKeyRegistry } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import { CONTENT_SECURITY_POLICY_DIRECTIVES } from "./content-security-policy";
import { errorMiddleware, notFoundHandler } from "./errors-middleware";
import { createIdempotency } from "./idempotency";
import { boundJsonDepth } from "./json-depth";
import { buildOpenApiDocument } from "./openapi";
import { mountRoutes } from "./route-table";
import type { RouteDefinition, RouteTable } from "./route-table";
import { requireAuthWith } from "./routes/context";
import type { RouteContext } from "./routes/context";
import { SERVICE_ROUTE_TABLES } from "./routes/index";
import { epcisBodyParser, epcisProblemMiddleware } from "./routes/epcis";
import { defaultCertificateUrl } from "./routes/viewer";
import { createSignedPassportCache } from "../scans/batch-passport";
import type { ProgrammeKeyStore } from "../scans/programme-key";
import { consoleBodyParser, createConsoleContext } from "./console/console-context";

export interface AppDeps {
  config: Pick<
    Config,
    "publicBaseUrl" | "jsonBodyLimitBytes" | "uploadLimitBytes" | "publicRateLimitPerMinute"
  > &
    Partial<
      Pick<
        Config,
        | "trustProxy"
        | "writeLimits"
        | "certificatePdfRendersPerMinute"
        | "imports"
        | "consoleSessionIdleMinutes"
        | "consoleSessionMaxHours"
        | "consoleSignInAttemptsPerMinute"
      >
    >;
  /** The operator's API key (from the configuration or generated on first start). */
  operatorApiKey: string;
  logger: Logger;
  ledger: Ledger;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  /** Makes a garment batch's Merkle commitment (services/production). */
  commitGarments: CommitGarments;
  /** The secret behind garment authentication codes, loaded once at start. */
  garmentSecret: Buffer;
  /** What provenance verification reads (with its caches and read deadlines). */
  provenance: ProvenanceDeps;
  /** Counts scans for clone detection. */
  scans: ScanCounter;
  /** The certifiers' signing keys. */
  certifierKeys: CertifierKeyStore;
  /** The page of a certificate (default `/certificates/{id}`). */
  certificateUrl?: (id: string) => string;
  /**
   * More /api/v1 routes, mounted after the service's own and documented like them (a test adds a failing
   * route with it).
   */
  extraRoutes?: readonly RouteDefinition[];
  /** False while starting or stopping: /healthz answers 503. */
  isReady?: () => boolean;
  /** The data dir, whose free space /healthz reports. */
  dataDir?: string;
  /** Worker threads for certificate PDFs (services/certificates/pdf-tasks.ts); without them PDFs render here. */
  certificatePdfWorkers?: Pick<WorkerPool, "run">;
  /** A worker thread for the KPI report (services/kpis/tasks.ts); without it the report is computed here. */
  kpiWorkers?: Pick<WorkerPool, "run">;
  /** The programme's signing key (passports; its public key is in /.well-known/did.json). */
  programmeKeys: ProgrammeKeyStore;
}

/**
 * The one limit every public route shares: `limit` requests per client per minute, then 429 RATE_LIMITED.
 * The client is the address Express derives (`request.ip`): the peer, or with TRUST_PROXY the address the
 * trusted proxies forwarded; IPv6 clients count per /56, as one subscriber usually holds a whole prefix.
 */
export function publicRateLimiter(limit: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: (request) => ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? "unknown"),
    // With TRUST_PROXY off a client may send X-Forwarded-For: it is ignored, and not worth a warning.
    validate: { xForwardedForHeader: false },
    handler: (_request, response) => {
      response.status(429).json({ error: { code: "RATE_LIMITED", message: "Too many requests; slow down" } });
    },
  });
}

/** Retry-After of a 503 nobody gave one: about when /healthz probes again (services/http/routes/service.ts). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * Every 429 and 503 says when to come back: the limiter and the error handler set Retry-After themselves
 * (the window's reset, a quota's reset); any other such answer gets {@link UNAVAILABLE_RETRY_AFTER_SECONDS}.
 * Hooked on writeHead, which every answer passes through, so no route can forget it.
 */
function retryAfterOnRefusals(): RequestHandler {
  return (_request, response, next) => {
    const writeHead = response.writeHead;
    response.writeHead = function (this: typeof response, ...args: unknown[]) {
      const status = typeof args[0] === "number" ? args[0] : this.statusCode;
      if ((status === 429 || status === 503) && !this.hasHeader("retry-after") && !this.headersSent)
        this.setHeader("Retry-After", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return (writeHead as (...a: unknown[]) => typeof response).apply(this, args);
    } as typeof response.writeHead;
    next();
  };
}

/** A DNS name (labels of letters, digits and hyphens), an IPv4 address or a bracketed IPv6 one. */
const HOST_NAME =
  /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?))*\.?|\[[0-9A-Fa-f:.]{2,45}\])$/;

/** Whether `value` is `host` or `host:port` as RFC 9110 allows it in Host (port 0–65535, at most 255 chars). */
export function isValidHostHeader(value: string): boolean {
  if (value.length === 0 || value.length > 255) return false;
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return false;
  const [, host = "", port] = match;
  if (port !== undefined && Number(port) > 65_535) return false;
  return HOST_NAME.test(host);
}

/**
 * Refuses a request whose Host (or, behind a trusted proxy, X-Forwarded-Host) is no host name: such a value
 * would otherwise end up in absolute links and in URL parsers that throw. 400, and the value is not echoed.
 */
function validHostsOnly(trustProxy: boolean): RequestHandler {
  return (request, response, next) => {
    const hosts = [request.headers.host ?? ""];
    const forwarded = request.headers["x-forwarded-host"];
    if (trustProxy && typeof forwarded === "string") hosts.push(forwarded.split(",")[0]!.trim());
    if (hosts.every(isValidHostHeader)) return next();
    response.status(400).json({
      error: { code: "BAD_REQUEST", message: "The Host header is not a valid host name (host or host:port)" },
    });
  };
}

/**
 * Builds the application.
 *
 * @example
 * const app = createApp({ config, operatorApiKey, logger, ledger, store, indexDb, serviceDb, commitGarments,
 *   garmentSecret, provenance, scans, certifierKeys });
 * app.listen(0);
 */
export function createApp(deps: AppDeps): Express {
  const keys = createApiKeyRegistry({ db: deps.serviceDb, operatorApiKey: deps.operatorApiKey });
  const idempotency = createIdempotency(deps.serviceDb);
  const limits = {
    jsonBodyLimitBytes: deps.config.jsonBodyLimitBytes,
    uploadLimitBytes: deps.config.uploadLimitBytes,
  };
  const tables: readonly RouteTable[] = deps.extraRoutes
    ? [...SERVICE_ROUTE_TABLES, { prefix: "/api/v1", routes: deps.extraRoutes }]
    : SERVICE_ROUTE_TABLES;
  let openApiDocument: unknown;
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
    writeLimits: deps.config.writeLimits ?? DEFAULT_WRITE_LIMITS,
    publicBaseUrl: deps.config.publicBaseUrl,
    garmentSecret: deps.garmentSecret,
    viewer: {
      provenance: deps.provenance,
      supplyChainEvents: { serviceDb: deps.serviceDb, ledger: deps.ledger, store: deps.store },
      scans: deps.scans,
      certificateUrl: deps.certificateUrl ?? defaultCertificateUrl,
      publicBaseUrl: deps.config.publicBaseUrl,
    },
    certificates: {
      ledger: deps.ledger,
      store: deps.store,
      indexDb: deps.indexDb,
      serviceDb: deps.serviceDb,
      certifierKeys: deps.certifierKeys,
      publicBaseUrl: deps.config.publicBaseUrl,
    },
    certificatePdfs: new Map(),
    openApiDocument: () => (openApiDocument ??= buildOpenApiDocument(deps.config.publicBaseUrl, tables)),
    ...(deps.isReady ? { isReady: deps.isReady } : {}),
    ...(deps.dataDir ? { dataDir: deps.dataDir } : {}),
    renderCertificatePdf: certificatePdfRenderer(deps.certificatePdfWorkers),
    certificatePdfRenders: createClientBudget({
      name: "certificate PDF renders",
      perMinute: deps.config.certificatePdfRendersPerMinute ?? 10,
    }),
    // A worker reads the read model through its own connection, which needs a file (not `:memory:`).
    ...(deps.kpiWorkers && !deps.indexDb.memory
      ? { kpiReports: workerReportRunner(deps.kpiWorkers, deps.indexDb.name) }
      : {}),
    labelSheets: createWorkLimiter({ name: "label sheet", concurrency: 1, maxQueued: 2 }),
    imports: {
      // Uploads and error files stay with the data they describe (without a data dir: a temp dir).
      dir: join(deps.dataDir ?? join(tmpdir(), `threadproof-${process.pid}`), "imports"),
      limits: deps.config.imports ?? DEFAULT_IMPORT_LIMITS,
    },
    passports: {
      provenance: deps.provenance,
      programmeKeys: deps.programmeKeys,
      publicBaseUrl: deps.config.publicBaseUrl,
      certificateUrl: deps.certificateUrl ?? defaultCertificateUrl,
      signed: createSignedPassportCache(),
    },
    renderDossierPdf: dossierPdfRenderer(deps.certificatePdfWorkers),
    console: createConsoleContext({
      serviceDb: deps.serviceDb,
      operatorApiKey: deps.operatorApiKey,
      publicBaseUrl: deps.config.publicBaseUrl,
      idleMinutes: deps.config.consoleSessionIdleMinutes ?? 30,
      maxHours: deps.config.consoleSessionMaxHours ?? 12,
      signInAttemptsPerMinute: deps.config.consoleSignInAttemptsPerMinute ?? 10,
    }),
  };

  const app = express();
  app.disable("x-powered-by");
  // Who the client is behind a reverse proxy (TRUST_PROXY): request.ip, and so the rate limiter's key.
  app.set("trust proxy", deps.config.trustProxy ?? false);
  app.use(retryAfterOnRefusals());
  app.use(validHostsOnly(Boolean(deps.config.trustProxy)));
  app.set("query parser", "simple");
  // One policy for every answer, pages included (services/http/content-security-policy.ts).
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: Object.fromEntries(
          Object.entries(CONTENT_SECURITY_POLICY_DIRECTIVES).map(([name, values]) => [name, [...values]]),
        ),
      },
    }),
  );
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
  // EPCIS documents (JSON and JSON-LD) have their own, larger limit; parsed before the small JSON parser.
  app.use("/epcis", epcisBodyParser());
  app.use(express.json({ limit: deps.config.jsonBodyLimitBytes, strict: true }));
  app.use(boundJsonDepth());
  // The consoles' forms (application/x-www-form-urlencoded), only under /console.
  app.use("/console", consoleBodyParser());

  mountRoutes(app, tables, {
    context,
    publicLimit: publicRateLimiter(deps.config.publicRateLimitPerMinute),
    requireAuth: requireAuthWith(keys),
  });

  app.use(notFoundHandler);
  app.use("/epcis", epcisProblemMiddleware({ logger: deps.logger, limits }));
  app.use(errorMiddleware({ logger: deps.logger, limits }));
  return app;
}
