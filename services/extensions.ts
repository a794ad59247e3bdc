/**
 * The modules that plug into the core service through {@link AppDeps}' extension points: provenance
 * verification, the GS1 Digital Link resolver and viewer, QR codes and labels, the origin engine's routes and
 * certificates. server.ts builds them here from the running service's parts; each module adds its own line.
 */
import type { AppDeps } from "./http/app";
import type { Ledger } from "./chain/ledger";
import type { Config } from "./config";
import type { IndexDatabase } from "./read-model/index";
import type { DocumentStore } from "./ipfs";
import type { Logger } from "./logging";
import type { ServiceDatabase } from "./service-db/database";
import { registerViewerPaths, viewerExtensions } from "./http/viewer";
import { registerOriginPaths } from "./certificates";
import { originExtensions } from "./certificates";

export interface ExtensionParts {
  config: Config;
  ledger: Ledger;
  store: DocumentStore;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  logger: Logger;
}

export type AppExtensions = Pick<
  AppDeps,
  "verifyProvenance" | "extraApiRoutes" | "extraRootRoutes" | "openApiExtensions"
> & {
  /** Releases what the extensions hold open (their own SQLite files); called when the service stops. */
  close?: () => void | Promise<void>;
};

/** The extensions a normally started service runs with. */
export function defaultAppExtensions(parts: ExtensionParts): AppExtensions {
  const origin = originExtensions(parts);
  const viewer = viewerExtensions(parts); // provenance verification, resolver and viewer, QR codes, labels
  return {
    verifyProvenance: viewer.verifyProvenance,
    extraApiRoutes: [...origin.extraApiRoutes, ...viewer.apiRoutes],
    extraRootRoutes: [...origin.extraRootRoutes, ...viewer.rootRoutes],
    openApiExtensions: [
      registerOriginPaths,
      (registry, security) => registerViewerPaths(registry, { bearerSecurity: security }),
    ],
    close: () => viewer.scans.close(),
  };
}
