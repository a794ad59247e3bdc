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
import type { CertificateState, Hex, Ledger } from "../chain/ledger";
import { ForbiddenError, NotFoundError, ValidationError, hasCode } from "../errors";
import type { IndexDatabase } from "../read-model/database";
import { findUpstreamGraph } from "../read-model/queries";
import type { DocumentStore } from "../ipfs";
import { assessRecordedProvenance, createAssessment, loadAssessment } from "../assessments/assessments";
import type { AssessmentRequest } from "../assessments/assessments";
import type { OriginAssessment } from "../origin/assessment";
import { proofRequirementsFor, ruleSetFor } from "../origin/rules";
import { cidFromDigest, getRecord, putRecord } from "../records";
import type { CertifierKeyStore } from "./certifier-keys";
import { buildOriginCredential } from "../credentials/credential";
import type { IssueDetails } from "../credentials/credential";
import { signDocument } from "../credentials/data-integrity";
import {
  AssessmentStaleError,
  CertificateRevokedError,
  CertificateUnreadableError,
  InsufficientDataError,
  NotOriginatingError,
  ProvisionalRuleError,
} from "./errors";
import { collectEvidence } from "./evidence";

export interface CertificateDeps {
  ledger: Pick<
    Ledger,
    "anchorCertificate" | "revokeCertificate" | "getCertificate" | "chainId" | "contractAddress"
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

/** A signed origin credential as JSON. */
export type OriginCredential = Record<string, unknown> & {
  id: string;
  issuer: { id: string; name: string; certifierId: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: Record<string, unknown> & {
    certificateId: string;
    agreement: { id: string; name: string };
    importingCountry: string;
    exportingCountry: string;
    product: { name: string; hsCode: string; gtin: string | null };
    subjectLot: { id: string; kind: string };
    assessment: (Record<string, unknown> & {
      status: string;
      provisional: boolean;
      rule: OriginAssessment["rule"];
    })[];
    facts: unknown;
  };
  proof: Record<string, unknown>;
};

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
function certifierName(serviceDb: ServiceDatabase, certifierId: string): string {
  const row = serviceDb.prepare("SELECT name FROM certifiers WHERE id = ?").get(certifierId) as
    { name: string } | undefined;
  return row?.name ?? certifierId;
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
  let derived: ReturnType<typeof assessRecordedProvenance>;
  if (citedId !== undefined) {
    const cited = await loadAssessment(deps.store, citedId);
    derived = assessRecordedProvenance(deps.indexDb, cited.record.request);
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
    issuer: { did: key.did, name: certifierName(deps.serviceDb, principal.id), certifierId: principal.id },
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
  const receipt = await deps.ledger.anchorCertificate({
    certificateId: id,
    subjectLotId: derived.subject.id,
    fta: facts.fta,
    digest: stored.digest,
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

export interface AnchoredCertificate {
  anchor: CertificateState;
  cid: string;
  /** The credential, when IPFS gave bytes that hash to the anchored digest. */
  credential: OriginCredential | null;
  /** Why the credential is null: the store lacks it, its bytes do not match the anchor, or they are no credential. */
  problem: "unavailable" | "digest-mismatch" | "not-a-credential" | null;
}

/** Whether a stored record has the parts of an origin credential that verification reads. */
export function isOriginCredential(value: unknown): value is OriginCredential {
  const candidate = value as Partial<OriginCredential> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.issuer?.id === "string" &&
    typeof candidate.validFrom === "string" &&
    typeof candidate.validUntil === "string" &&
    typeof candidate.credentialSubject === "object" &&
    candidate.credentialSubject !== null &&
    Array.isArray(candidate.credentialSubject.assessment) &&
    typeof candidate.credentialSubject.subjectLot === "object" &&
    typeof candidate.credentialSubject.product === "object"
  );
}

/** The chain's anchor of certificate `id` and the credential it names (NOT_FOUND when never anchored). */
export async function readAnchoredCertificate(
  deps: Pick<CertificateDeps, "ledger" | "store">,
  id: string,
): Promise<AnchoredCertificate> {
  const anchor = await deps.ledger.getCertificate(id);
  if (!anchor) throw new NotFoundError("Certificate", id);
  const cid = await cidFromDigest(anchor.digest);
  try {
    const { record } = await getRecord(deps.store, anchor.digest);
    if (!isOriginCredential(record)) return { anchor, cid, credential: null, problem: "not-a-credential" };
    return { anchor, cid, credential: record, problem: null };
  } catch (error) {
    if (hasCode(error, "NOT_A_RECORD")) return { anchor, cid, credential: null, problem: "not-a-credential" };
    if (hasCode(error, "RECORD_DIGEST_MISMATCH"))
      return { anchor, cid, credential: null, problem: "digest-mismatch" };
    if (hasCode(error, "NOT_FOUND") || hasCode(error, "UNAVAILABLE"))
      return { anchor, cid, credential: null, problem: "unavailable" };
    throw error;
  }
}

/** The credential of certificate `id`; CERTIFICATE_UNREADABLE when IPFS cannot give it intact. */
export async function loadCertificate(
  deps: Pick<CertificateDeps, "ledger" | "store">,
  id: string,
): Promise<{ anchor: CertificateState; cid: string; credential: OriginCredential }> {
  const read = await readAnchoredCertificate(deps, id);
  if (!read.credential) throw new CertificateUnreadableError(id);
  return { anchor: read.anchor, cid: read.cid, credential: read.credential };
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
 * Revokes certificate `id`: only the certifier whose key signed it may (FORBIDDEN otherwise); a revoked
 * certificate stays revoked (CERTIFICATE_REVOKED).
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
  if (principal.type !== "certifier")
    throw new ForbiddenError("Only the issuing certifier may revoke a certificate");
  const { anchor, credential } = await loadCertificate(deps, id);
  const signer = await deps.certifierKeys.didOf(principal.id);
  if (signer === null || signer !== credential.issuer.id)
    throw new ForbiddenError("Only the issuing certifier may revoke a certificate", { id });
  if (anchor.revokedAt) throw new CertificateRevokedError(id);
  const record: RevocationRecord = {
    type: "certificate-revocation",
    version: 1,
    certificateId: id,
    reason,
    revokedBy: `certifier:${principal.id}`,
    revokedAt: now.toISOString(),
  };
  const stored = await putRecord(deps.store, record);
  const receipt = await deps.ledger.revokeCertificate({ certificateId: id, reasonDigest: stored.digest });
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
  deps: Pick<CertificateDeps, "indexDb" | "store">,
  id: string,
): Promise<{ reason: string; revokedAt: string; txHash: Hex | null } | null> {
  const row = deps.indexDb
    .prepare(
      "SELECT revocation_reason_digest, revocation_tx_hash FROM certificates WHERE certificate_key = ?",
    )
    .get(chainKey(id)) as
    { revocation_reason_digest: Hex | null; revocation_tx_hash: Hex | null } | undefined;
  if (!row?.revocation_reason_digest) return null;
  try {
    const { record } = await getRecord<RevocationRecord>(deps.store, row.revocation_reason_digest);
    if (record?.type !== "certificate-revocation" || record.certificateId !== id) return null;
    return { reason: record.reason, revokedAt: record.revokedAt, txHash: row.revocation_tx_hash };
  } catch (error) {
    if (["NOT_FOUND", "RECORD_DIGEST_MISMATCH", "NOT_A_RECORD"].some((code) => hasCode(error, code)))
      return null;
    throw error;
  }
}

export interface LotCertificate {
  id: string | null;
  fta: string;
  digest: Hex;
  txHash: Hex;
  issuedAt: string;
  /** From the chain at the time of the call: revocation shows at once. */
  status: "valid" | "revoked";
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
): Promise<LotCertificate[]> {
  const rows = deps.indexDb
    .prepare(
      "SELECT certificate_key, fta, digest, tx_hash, issued_at, revoked_at FROM certificates WHERE subject_lot_key = ? ORDER BY block_number DESC",
    )
    .all(chainKey(lotId)) as {
    certificate_key: Hex;
    fta: string;
    digest: Hex;
    tx_hash: Hex;
    issued_at: string;
    revoked_at: string | null;
  }[];
  return Promise.all(
    rows.map(async (row): Promise<LotCertificate> => {
      let credential: OriginCredential | null = null;
      try {
        const { record } = await getRecord(deps.store, row.digest);
        if (isOriginCredential(record)) credential = record;
      } catch (error) {
        if (!["NOT_FOUND", "RECORD_DIGEST_MISMATCH", "NOT_A_RECORD"].some((code) => hasCode(error, code)))
          throw error;
      }
      const id = credential?.credentialSubject?.certificateId ?? null;
      const onChain =
        id !== null && chainKey(id) === row.certificate_key ? await deps.ledger.getCertificate(id) : null;
      return {
        id: onChain ? id : null,
        fta: row.fta,
        digest: row.digest,
        txHash: row.tx_hash,
        issuedAt: row.issued_at,
        // The chain's answer when the id is known; the read model's otherwise.
        status: (onChain ? onChain.revokedAt !== null : row.revoked_at !== null) ? "revoked" : "valid",
        revokedAt: onChain ? (onChain.revokedAt?.toISOString() ?? null) : row.revoked_at,
        importingCountry: credential?.credentialSubject.importingCountry ?? null,
        links: onChain && id ? certificateLinks(deps.publicBaseUrl, id) : null,
      };
    }),
  );
}
