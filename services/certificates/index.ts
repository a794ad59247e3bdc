/**
 * Origin certificates: issue (for an originating, non-provisional assessment only), sign as a W3C Verifiable
 * Credential with the certifier's own did:key, store in IPFS, anchor on chain, render as PDF, verify, revoke.
 * The HTTP routes that call these live in services/http/routes/certificates.ts.
 */
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
export { renderCertificatePdf, CERTIFICATE_PDF_LAYOUT } from "./pdf";
export { verifyCertificate, type CertificateVerification } from "./verify";
