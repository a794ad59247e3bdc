/**
 * Origin certificates: issue (for an originating, non-provisional assessment only), sign as a W3C Verifiable
 * Credential with the certifier's own did:key, store in IPFS, anchor on chain, render as PDF, verify, revoke.
 * `originExtensions(parts)` plugs the origin and certificate routes into a started service.
 */
import { rateLimit } from "express-rate-limit";
import type { ExtensionParts } from "../extensions";
import type { AppExtensions } from "../extensions";
import { originRoutes } from "../http/routes/origin";
import { createCertifierKeyStore } from "./certifier-keys";
import { certificateApiRoutes, certificatePageRoutes } from "../http/routes/certificates";

export { createCertifierKeyStore, type CertifierKeyStore } from "./certifier-keys";
export {
  certificateLinks,
  certificatesOfLot,
  issueCertificate,
  loadCertificate,
  readAnchoredCertificate,
  requireCertifiable,
  revokeCertificate,
  type CertificateDeps,
  type IssuedCertificate,
  type LotCertificate,
  type OriginCredential,
} from "./certificates";
export { signDocument, verifyDocumentProof } from "../credentials/data-integrity";
export { didKeyFromPublicKey, publicKeyFromDidKey } from "../credentials/did-key";
export { registerOriginPaths } from "../http/openapi-certificates";
export { renderCertificatePdf, CERTIFICATE_PDF_LAYOUT } from "./pdf";
export { certificatePageModel } from "../http/pages/certificate-page-model";
export { verifyCertificate, type CertificateVerification } from "./verify";

/**
 * The origin engine's and the certificates' routes for a started service.
 *
 * @example
 * const { extraApiRoutes, extraRootRoutes } = originExtensions(parts);
 */
export function originExtensions(
  parts: Pick<ExtensionParts, "config">,
): Required<Pick<AppExtensions, "extraApiRoutes" | "extraRootRoutes">> {
  const publicReadLimit = rateLimit({
    windowMs: 60_000,
    limit: parts.config.publicRateLimitPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_request, response) => {
      response.status(429).json({ error: { code: "RATE_LIMITED", message: "Too many requests; slow down" } });
    },
  });
  const options = {
    publicBaseUrl: parts.config.publicBaseUrl,
    certifierKeys: createCertifierKeyStore(parts.config.dataDir),
    publicReadLimit,
  };
  return {
    extraApiRoutes: [originRoutes, certificateApiRoutes(options)],
    extraRootRoutes: [certificatePageRoutes(options)],
  };
}
