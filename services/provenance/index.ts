/**
 * Provenance verification: walk a garment (or any lot) back to its fabric lots and check every link against
 * the chain — on-chain lot, event record digest, facility signature, document hashes, the garment's Merkle
 * proof, certificates — ending in one verdict: authentic, unverified or tampered.
 */
export { verdictOf, worstStatus } from "./checks";
export type { Check, CheckKind, CheckStatus, Verdict } from "./checks";
export { createProvenanceCaches } from "./deps";
export { withDeadline } from "../support/deadline";
export { withReadDeadlines } from "./deadlines";
export type { LotCheckDeps, ProvenanceCaches, ProvenanceDeps } from "./deps";
export { verifyLot } from "./verify-lot";
export type { DocumentVerification, LotVerification } from "./verify-lot";
export { verifyCertificates } from "./certificates";
export type { CertificateVerification } from "./certificates";
export { verifyLots, verifyProvenance } from "./verify-provenance";
export type { LotsVerification, VerifiedProvenanceGraph } from "./verify-provenance";
export { resolveGarment, verifyGarment } from "./garment";
export { verifyBatch } from "./batch";
export type { BatchVerification } from "./batch";
export type {
  GarmentNotFoundReason,
  GarmentVerification,
  ResolvedGarment,
  VerifyGarmentParameters,
} from "./garment";
export { checkDocument, createReadBudget } from "./document-checks";
export type {
  BackgroundDocumentChecker,
  DocumentChecking,
  DocumentStatus,
  ReadBudget,
} from "./document-checks";
export { createBackgroundDocumentChecker } from "./background-checks";
export * from "./supply-chain-events";
