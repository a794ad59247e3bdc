/**
 * What a buyer reaches by scanning: the GS1 Digital Link resolver and viewer pages, the garment JSON and
 * passport, QR codes and label sheets, clone detection — and provenance verification for
 * GET /api/v1/provenance/{id}. {@link viewerExtensions} builds them for a started service.
 */
import { join } from "node:path";
import type { Router } from "express";
import type { RouteContext } from "./routes/context";
import type { VerifyProvenance } from "./routes/reads";
import type { Hex } from "../chain/ledger";
import type { ExtensionParts } from "../extensions";
import { loadGarmentSecret } from "../garments/index";
import { createProvenanceCaches, verifyProvenance, withReadDeadlines } from "../provenance/index";
import type { ProvenanceDeps } from "../provenance/index";
import type { ViewerContext } from "./pages/scan-answer";
import { openScanCounter } from "../service-db/scan-counter";
import type { ScanCounter } from "../service-db/scan-counter";
import { publicLimit, viewerApiRoutes, viewerRootRoutes } from "./routes/viewer";

export { viewerApiRoutes, viewerRootRoutes } from "./routes/viewer";
export type { ViewerRouteOptions } from "./routes/viewer";
export { answerScan, scanFormat, VIEWER_CSP } from "./pages/scan-answer";
export type { ScanFormat, ViewerContext } from "./pages/scan-answer";
export { garmentPageModel } from "./pages/garment-page-model";
export { garmentPassport } from "../scans/passport";
export { registerViewerPaths } from "./openapi-viewer";
export {
  DEFAULT_CLONE_THRESHOLDS,
  languageRegion,
  networkPrefix,
  openScanCounter,
} from "../service-db/scan-counter";
export type { CloneThresholds, ScanCounter, ScanTally } from "../service-db/scan-counter";

export interface ViewerExtensions {
  verifyProvenance: VerifyProvenance;
  apiRoutes: ((context: RouteContext) => Router)[];
  rootRoutes: ((context: RouteContext) => Router)[];
  provenance: ProvenanceDeps;
  scans: ScanCounter;
}

/** Where certificate links point until the certificate module names its page (see the report). */
export const defaultCertificateUrl = (id: string): string => `/certificates/${encodeURIComponent(id)}`;

/**
 * The viewer and verification for a running service; scans are counted in `DATA_DIR/scans.sqlite`.
 *
 * @example
 * const viewer = viewerExtensions(parts);
 * createApp({ ...deps, verifyProvenance: viewer.verifyProvenance, extraApiRoutes: viewer.apiRoutes, extraRootRoutes: viewer.rootRoutes });
 */
export function viewerExtensions(
  parts: Pick<ExtensionParts, "config" | "ledger" | "store" | "indexDb">,
  options: {
    certificateUrl?: (id: string) => string;
    certificateIdOf?: (certificateKey: Hex) => string | null | undefined;
    /** How long one chain or IPFS read may take before its check is `unavailable` (default 5 s). */
    readDeadlineMs?: number;
  } = {},
): ViewerExtensions {
  const provenance: ProvenanceDeps = withReadDeadlines(
    {
      ledger: parts.ledger,
      store: parts.store,
      indexDb: parts.indexDb,
      caches: createProvenanceCaches(),
      ...(options.certificateIdOf ? { certificateIdOf: options.certificateIdOf } : {}),
    },
    options.readDeadlineMs,
  );
  const scans = openScanCounter(join(parts.config.dataDir, "scans.sqlite"));
  const viewer: ViewerContext = {
    provenance,
    scans,
    certificateUrl: options.certificateUrl ?? defaultCertificateUrl,
  };
  const routeOptions = {
    publicBaseUrl: parts.config.publicBaseUrl,
    rateLimit: publicLimit(parts.config.publicRateLimitPerMinute),
    garmentSecret: loadGarmentSecret(parts.config.dataDir),
  };
  return {
    verifyProvenance: (graph) => verifyProvenance(provenance, graph),
    apiRoutes: [viewerApiRoutes(viewer, routeOptions)],
    rootRoutes: [viewerRootRoutes(viewer, routeOptions)],
    provenance,
    scans,
  };
}
