/**
 * Issuing and revoking origin certificates. The story: a certifier asks for a certificate for an assessment
 * of recorded provenance; only an originating answer from a confirmed rule qualifies. The certificate is a
 * signed Verifiable Credential (see ./credential), stored as canonical JSON in IPFS; its SHA-256 is anchored
 * on chain with the subject lot and the agreement. Revoking records the reason in IPFS and its digest on
 * chain, where every verifier sees it at once.
 */
import { randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import type { Principal } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import { chainKey } from "../chain/keys";
import type { Hex, Ledger } from "../chain/ledger";
import { ForbiddenError, NotFoundError, ValidationError, hasCode } from "../errors";
import { certificatesOfSubject, findCertificate } from "../read-model/certificates";
import type { IndexDatabase } from "../read-model/database";
import { findUpstreamGraph } from "../read-model/queries";
import { certifierName } from "../service-db/certifiers";
import type { DocumentStore } from "../ipfs";
import { assessRecordedProvenance, createAssessment, loadAssessment } from "../assessments/assessments";
import type { AssessmentRequest } from "../assessments/assessments";
import type { OriginAssessment } from "../origin/assessment";
import { proofRequirementsFor, ruleSetFor } from "../origin/rules";
import { getRecord, isUnreadableRecord, putRecord } from "../records";
import type { CertifierKeyStore } from "./certifier-keys";
import { buildOriginCredential } from "../credentials/credential";
import type { IssueDetails } from "../credentials/credential";
import { signDocument } from "../credentials/data-integrity";
import {
  AssessmentStaleError,
  CertificateRevokedError,
  InsufficientDataError,
  NotOriginatingError,
  ProvisionalRuleError,
} from "./errors";
import { collectEvidence } from "./evidence";
import { isOriginCredential, loadCertificate } from "./anchored";
import type { OriginCredential } from "./anchored";
import { certificateStatus } from "./status";
import type { CertificateStatus, CertificateVerdict } from "./status";

export { isOriginCredential, loadCertificate, readAnchoredCertificate } from "./anchored";
export type { AnchoredCertificate, OriginCredential } from "./anchored";

export interface CertificateDeps {
  ledger: Pick<
    Ledger,
    | "anchorCertificate"
    | "revokeCertificate"
    | "getCertificate"
    | "chainId"
    | "contractAddress"
    | "getLot"
    | "lotRecord"
    | "getFacility"
  >;
  store: Pick<DocumentStore, "put" | "get">;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  certifierKeys: CertifierKeyStore;
  /** The host in certificate URLs and QR codes, without a trailing slash. */
  publicBaseUrl: string;
}

/** Either a kept assessment's id, or a subject and agreement to assess now; plus the certifier's details. */
export type IssueRequest = { assessmentId?: string } & Partial<AssessmentRequest> & IssueDetails;

export interface IssuedCertificate {
  id: string;
  fta: string;
  subjectId: string;
  assessmentId: string;
  cid: string;
  /** 0x-prefixed SHA-256 of the credential's canonical JSON, as anchored on chain. */
  digest: Hex;
  txHash: Hex;
  blockNumber: number;
  issuer: string;
  validFrom: string;
  validUntil: string;
  links: { json: string; pdf: string; page: string; verification: string };
  credential: OriginCredential;
}

/** Links to a certificate's forms and pages. */
export function certificateLinks(baseUrl: string, id: string): IssuedCertificate["links"] {
  const api = `${baseUrl}/api/v1/origin/certificates/${encodeURIComponent(id)}`;
  return {
    json: api,
    pdf: `${api}.pdf`,
    page: `${baseUrl}/certificates/${encodeURIComponent(id)}`,
    verification: `${api}/verification`,
  };
}

/** `CO-CPTPP-20260305-9F2C4A1B`: agreement, day of issue and 32 random bits. */
function newCertificateId(fta: string, now: Date): string {
  return `CO-${fta}-${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(4).toString("hex").toUpperCase()}`;
}

function addMonths(date: Date, months: number): Date {
  const result = new Date(date);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

/** Refuses anything but an originating answer from a confirmed rule. */
export function requireCertifiable(assessmentId: string, assessment: OriginAssessment): void {
  if (assessment.status === "insufficient-data") throw new InsufficientDataError(assessmentId, assessment);
  if (assessment.status !== "originating") throw new NotOriginatingError(assessmentId, assessment);
  if (assessment.provisional) throw new ProvisionalRuleError(assessmentId, assessment);
}

/** The certifier's display name from the service's register of certifiers. */
function displayName(serviceDb: ServiceDatabase, certifierId: string): string {
  return certifierName(serviceDb, certifierId) ?? certifierId;
}

/**
 * Issues a certificate for an originating, non-provisional assessment — never otherwise (NOT_ORIGINATING,
 * INSUFFICIENT_DATA, PROVISIONAL_RULE). With `assessmentId`, the provenance is assessed again and must give
 * the same facts (ASSESSMENT_STALE otherwise), so a certificate can never rest on facts it did not derive.
 *
 * @example
 * const issued = await issueCertificate(deps, { type: "certifier", id: "vcci-hcm" }, { subjectId: "SHP-0001", fta: "EVFTA" });
 */
export async function issueCertificate(
  deps: CertificateDeps,
  principal: Principal,
  request: IssueRequest,
  now: Date = new Date(),
): Promise<IssuedCertificate> {
  if (principal.type !== "certifier")
    throw new ForbiddenError("Only a certifier's API key may issue certificates");
  const { assessmentId: citedId, subjectId, fta, importingCountry, date, ...details } = request;

  let assessmentId: string;
  let derived: Awaited<ReturnType<typeof assessRecordedProvenance>>;
  if (citedId !== undefined) {
    const cited = await loadAssessment(deps.store, citedId);
    derived = await assessRecordedProvenance(deps, cited.record.request);
    // The provenance and the rule tables must still give what was assessed, or the certificate would cite an
    // assessment it does not rest on.
    const today = { facts: derived.facts, assessment: derived.assessment };
    const kept = { facts: cited.record.facts, assessment: cited.record.assessment };
    if (canonicalize(today) !== canonicalize(kept)) throw new AssessmentStaleError(citedId);
    assessmentId = citedId;
  } else {
    if (subjectId === undefined || fta === undefined) {
      throw new ValidationError([
        {
          path: subjectId === undefined ? "subjectId" : "fta",
          message: "is required unless assessmentId is given",
        },
      ]);
    }
    const stored = await createAssessment(
      deps,
      {
        subjectId,
        fta,
        ...(importingCountry ? { importingCountry } : {}),
        ...(date ? { date } : {}),
      },
      `certifier:${principal.id}`,
      now,
    );
    derived = {
      subject: stored.record.subject,
      facts: stored.record.facts,
      assessment: stored.record.assessment,
    };
    assessmentId = stored.id;
  }
  requireCertifiable(assessmentId, derived.assessment);
  const facts = derived.facts!;
  const graph = findUpstreamGraph(deps.indexDb, derived.subject.id);
  if (!graph) throw new NotFoundError("Lot", derived.subject.id);

  const proofRequirements = proofRequirementsFor(facts.fta);
  const id = newCertificateId(facts.fta, now);
  const key = await deps.certifierKeys.keyFor(principal.id);
  const evidence = await collectEvidence(graph, {
    store: deps.store,
    chainId: deps.ledger.chainId,
    contract: deps.ledger.contractAddress,
    baseUrl: deps.publicBaseUrl,
  });
  const unsigned = buildOriginCredential({
    id,
    baseUrl: deps.publicBaseUrl,
    fta: facts.fta,
    agreementName: ruleSetFor(facts.fta).name,
    issuer: { did: key.did, name: displayName(deps.serviceDb, principal.id), certifierId: principal.id },
    issuedAt: now,
    validUntil: addMonths(now, proofRequirements.validityMonths ?? 12),
    subject: derived.subject,
    facts,
    assessment: derived.assessment,
    assessmentId,
    proofRequirements,
    evidence,
    chain: {
      chainId: deps.ledger.chainId,
      contract: deps.ledger.contractAddress,
      certificateKey: chainKey(id),
    },
    details,
  });
  const credential = (await signDocument(unsigned, {
    privateKey: key.privateKey,
    verificationMethod: key.verificationMethod,
    created: now,
  })) as unknown as OriginCredential;
  const stored = await putRecord(deps.store, credential);
  // Signed on chain by the certifier's own account: the anchor names the issuing certifier, not the relayer.
  const receipt = await deps.ledger.anchorCertificate({
    certificateId: id,
    subjectLotId: derived.subject.id,
    fta: facts.fta,
    digest: stored.digest,
    certifierId: principal.id,
  });
  return {
    id,
    fta: facts.fta,
    subjectId: derived.subject.id,
    assessmentId,
    cid: stored.cid,
    digest: stored.digest,
    txHash: receipt.txHash,
    blockNumber: receipt.blockNumber,
    issuer: key.did,
    validFrom: credential.validFrom,
    validUntil: credential.validUntil,
    links: certificateLinks(deps.publicBaseUrl, id),
    credential,
  };
}

export interface RevocationRecord {
  type: "certificate-revocation";
  version: 1;
  certificateId: string;
  reason: string;
  revokedBy: string;
  revokedAt: string;
}

export interface RevokedCertificate {
  id: string;
  revoked: true;
  reason: string;
  reasonCid: string;
  txHash: Hex;
  blockNumber: number;
}

/**
 * Revokes certificate `id`: only the certifier whose key signed it may (FORBIDDEN otherwise; any of its keys,
 * rotated ones included, counts as its own), or the operator, who must give a reason (e.g. after a certifier's
 * key was compromised). The chain checks the same: the issuing certifier's signature, or the operator's role with
 * a reason digest. A revoked certificate stays revoked (CERTIFICATE_REVOKED).
 *
 * @example
 * await revokeCertificate(deps, { type: "certifier", id: "vcci-hcm" }, "CO-EVFTA-20260305-9F2C4A1B", "wrong invoice");
 */
export async function revokeCertificate(
  deps: CertificateDeps,
  principal: Principal,
  id: string,
  reason: string,
  now: Date = new Date(),
): Promise<RevokedCertificate> {
  if (principal.type === "facility")
    throw new ForbiddenError("Only the issuing certifier or the operator may revoke a certificate");
  const { anchor, credential } = await loadCertificate(deps, id);
  if (principal.type === "certifier") {
    const signers = await deps.certifierKeys.didsOf(principal.id);
    if (!signers.includes(credential.issuer.id))
      throw new ForbiddenError("Only the issuing certifier may revoke a certificate", { id });
  } else if (reason.trim() === "") {
    throw new ValidationError([{ path: "reason", message: "the operator revokes only with a reason" }]);
  }
  if (anchor.revokedAt) throw new CertificateRevokedError(id);
  const record: RevocationRecord = {
    type: "certificate-revocation",
    version: 1,
    certificateId: id,
    reason,
    revokedBy: principal.type === "certifier" ? `certifier:${principal.id}` : "operator",
    revokedAt: now.toISOString(),
  };
  const stored = await putRecord(deps.store, record);
  const receipt = await deps.ledger.revokeCertificate(
    principal.type === "certifier"
      ? { certificateId: id, reasonDigest: stored.digest, certifierId: principal.id }
      : { certificateId: id, reasonDigest: stored.digest, asOperator: true },
  );
  return {
    id,
    revoked: true,
    reason,
    reasonCid: stored.cid,
    txHash: receipt.txHash,
    blockNumber: receipt.blockNumber,
  };
}

/** The revocation reason of certificate `id`, from the digest the read model saw on chain; null if none. */
export async function revocationReason(
  deps: { indexDb: IndexDatabase; store: Pick<DocumentStore, "get"> },
  id: string,
): Promise<{ reason: string; revokedAt: string; txHash: Hex | null } | null> {
  const indexed = findCertificate(deps.indexDb, id);
  if (!indexed?.revocationReasonDigest) return null;
  try {
    const { record } = await getRecord<RevocationRecord>(deps.store, indexed.revocationReasonDigest);
    if (record?.type !== "certificate-revocation" || record.certificateId !== id) return null;
    return { reason: record.reason, revokedAt: record.revokedAt, txHash: indexed.revocationTxHash };
  } catch (error) {
    if (isUnreadableRecord(error)) return null;
    throw error;
  }
}

export interface LotCertificate {
  id: string | null;
  fta: string;
  digest: Hex;
  txHash: Hex;
  issuedAt: string;
  /**
   * Its {@link certificateStatus} at the time of the call (revocation shows at once); for a certificate whose
   * id the read model cannot give, `valid` or `revoked` as indexed.
   */
  status: CertificateVerdict;
  revokedAt: string | null;
  importingCountry: string | null;
  links: IssuedCertificate["links"] | null;
}

/**
 * The certificates anchored for lot `lotId` (a garment batch or shipment), newest first, each with its status
 * as the chain has it now. The read model lists them; the id comes from the credential in IPFS.
 */
export async function certificatesOfLot(
  deps: Pick<CertificateDeps, "indexDb" | "store" | "ledger" | "publicBaseUrl">,
  lotId: string,
  now: Date = new Date(),
): Promise<LotCertificate[]> {
  return Promise.all(
    certificatesOfSubject(deps.indexDb, lotId).map(async (row): Promise<LotCertificate> => {
      let credential: OriginCredential | null = null;
      try {
        const { record } = await getRecord(deps.store, row.digest);
        if (isOriginCredential(record)) credential = record;
      } catch (error) {
        if (!isUnreadableRecord(error)) throw error;
      }
      const id = credential?.credentialSubject?.certificateId ?? null;
      let status: CertificateStatus | null = null;
      if (id !== null && chainKey(id) === row.certificateKey) {
        try {
          status = await certificateStatus(deps, id, now);
        } catch (error) {
          if (!hasCode(error, "NOT_FOUND")) throw error;
        }
      }
      return {
        id: status ? id : null,
        fta: row.fta,
        digest: row.digest,
        txHash: row.txHash,
        issuedAt: row.issuedAt,
        // The one status function's answer when the id is known; the read model's otherwise.
        status: status ? status.verdict : row.revokedAt !== null ? "revoked" : "valid",
        revokedAt: status ? (status.anchor.revokedAt?.toISOString() ?? null) : row.revokedAt,
        importingCountry: credential?.credentialSubject.importingCountry ?? null,
        links: status && id ? certificateLinks(deps.publicBaseUrl, id) : null,
      };
    }),
  );
}
