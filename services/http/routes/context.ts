/**
 * What every route handler gets: the app's dependencies (stores, use-case dependencies, the viewer's and the
 * certificates' parts), built once by `createApp`; and the wrappers that make a route authenticated and a
 * write idempotent, which `mountRoutes` applies as the route tables say.
 */
import type { KpiReportRunner } from "../../kpis/report";
import type { CertificatePdfRenderer, DossierPdfRenderer } from "../../certificates/render-pdf";
import type { ClientBudget } from "../client-budget";
import type { WorkLimiter } from "../../support/work-limiter";
import type { RequestHandler, Request } from "express";
import type { Ledger } from "../../chain/ledger";
import type { WriteLimits } from "../../config/index";
import type { CertificateDeps } from "../../certificates/certificates";
import type { IndexDatabase } from "../../read-model/database";
import type { DocumentStore } from "../../ipfs/index";
import type { Logger } from "../../logging/index";
import type { CommitGarments } from "../../production/garment-commitment";
import type { ApiKeyRegistry, Principal } from "../../service-db/api-keys";
import { principalName } from "../../service-db/api-keys";
import { authenticate, principalOf } from "../auth";
import type { Idempotency, StoredAnswer } from "../idempotency";
import { hashRequestBody, parseIdempotencyKey } from "../idempotency";
import type { ViewerContext } from "../pages/scan-answer";
import type { ServiceDatabase } from "../../service-db/database";
import type { ImportSettings } from "../../imports/run-import";
import type { BatchPassportDeps } from "../../scans/batch-passport";
import type { ConsoleContext } from "../console/console-context";

export interface RouteContext {
  ledger: Ledger;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  keys: ApiKeyRegistry;
  idempotency: Idempotency;
  commitGarments: CommitGarments;
  logger: Logger;
  limits: { jsonBodyLimitBytes: number; uploadLimitBytes: number };
  /** Bounds per write and daily quotas per key (configuration). */
  writeLimits: WriteLimits;
  /** Scheme and host inside QR codes, labels and certificate links (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** The secret behind garment authentication codes (loaded once at start). */
  garmentSecret: Buffer;
  /** Provenance verification, scan counting and certificate links for the viewer and garment routes. */
  viewer: ViewerContext;
  /** What the certificate use cases need. */
  certificates: CertificateDeps;
  /** The latest certificate PDFs by credential digest (rendering one takes about 0.4 s). */
  certificatePdfs: Map<string, Buffer>;
  /** The OpenAPI document, generated from the route tables on first request. */
  openApiDocument: () => unknown;
  /** False while starting or stopping: /healthz answers 503. */
  isReady?: () => boolean;
  /** The data dir, whose free space /healthz reports (absent: not reported). */
  dataDir?: string;
  /** Renders a certificate PDF (in a worker thread when the service has a pool for it). */
  renderCertificatePdf: CertificatePdfRenderer;
  /** Each client's budget of uncached certificate PDF renders (CERTIFICATE_PDF_RENDERS_PER_MINUTE). */
  certificatePdfRenders: ClientBudget;
  /** Renders an e-C/O dossier PDF, in the certificate PDFs' pool; it spends the same budget. */
  renderDossierPdf: DossierPdfRenderer;
  /** Where the KPI report is computed (a worker thread, services/kpis/tasks.ts); absent: on the event loop. */
  kpiReports?: KpiReportRunner;
  /** Label sheets drawn at once and waiting; beyond them 503 UNAVAILABLE. */
  labelSheets: WorkLimiter;
  /** Where spreadsheet imports keep their uploads and error files, and their bounds. */
  imports: ImportSettings;
  /** The signed batch passports: the programme's key and the signed ones kept by content digest. */
  passports: BatchPassportDeps;
  /** The consoles' sessions and sign-in budget (services/http/console). */
  console: ConsoleContext;
}

/** Middleware: authenticates the bearer key (401 otherwise) and keeps the principal for the handler. */
export function requireAuthWith(keys: Pick<ApiKeyRegistry, "resolve">): RequestHandler {
  return (request, response, next) => {
    response.locals.principal = authenticate(keys, request);
    next();
  };
}

export interface WriteHandler {
  /** Refuses principals that may not do this (403), before anything is read or stored. */
  authorize?: (principal: Principal) => void;
  /** What identifies the request's content for Idempotency-Key (default: the JSON body). */
  content?: (request: Request) => unknown;
  handle: (request: Request, principal: Principal) => Promise<StoredAnswer>;
}

/**
 * A writing endpoint: runs after `requireAuth`; with an `Idempotency-Key` header, the first answer is stored
 * and replayed (header `Idempotent-Replayed: true`).
 */
export function write(idempotency: Idempotency, route: WriteHandler): RequestHandler {
  return async (request, response) => {
    const principal = principalOf(response);
    route.authorize?.(principal);
    const key = parseIdempotencyKey(request.get("idempotency-key"));
    if (key === undefined) {
      const answer = await route.handle(request, principal);
      response.status(answer.status).json(answer.body);
      return;
    }
    const result = await idempotency.run(
      {
        principal: principalName(principal),
        key,
        method: request.method,
        path: request.baseUrl + request.path,
        bodyHash: hashRequestBody(route.content ? route.content(request) : (request.body as unknown)),
      },
      () => route.handle(request, principal),
    );
    if (result.replayed) response.set("Idempotent-Replayed", "true");
    response.status(result.status).json(result.body);
  };
}
