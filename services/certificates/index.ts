/**
 * Origin certificates: issue (for an originating, non-provisional assessment only, exactly once: one valid
 * certificate per subject, agreement and certifier, replaced only explicitly), sign as a W3C Verifiable
 * Credential with the certifier's own did:key, store in IPFS, anchor on chain, render as PDF (marked with its
 * status), verify, revoke, re-issue a legacy-form certificate in the standard form.
 * The HTTP routes that call these live in services/http/routes/certificates.ts.
 */
export { createCertifierKeyStore, type CertifierKeyStore } from "./certifier-keys";
export {
  certificateLinks,
  certificatesOfLot,
  issueCertificate,
  loadCertificate,
  readAnchoredCertificate,
  reissueCertificate,
  requireCertifiable,
  revocationReason,
  revokeCertificate,
  type CertificateDeps,
  type IssueOptions,
  type IssueRequest,
  type IssuedCertificate,
  type RevokedCertificate,
  type LotCertificate,
  type OriginCredential,
} from "./certificates";
export { signDocument, verifyDocumentProof } from "../credentials/data-integrity";
export { didKeyFromPublicKey, publicKeyFromDidKey } from "../credentials/did-key";
export { renderCertificatePdf, statusMark, CERTIFICATE_PDF_LAYOUT, type CertificatePdfStanding } from "./pdf";
export { standingCertificates, type StandingCertificate } from "./standing";
export { verifyCertificate, type CertificateVerification } from "./verify";
