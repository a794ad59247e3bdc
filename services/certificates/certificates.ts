/**
 * Issuing and revoking origin certificates. The story: a certifier asks for a certificate for an assessment
 * of recorded provenance; only an originating answer from a confirmed rule qualifies. The certificate is a
 * signed Verifiable Credential (see ./credential), stored as canonical JSON in IPFS; its SHA-256 is anchored
 * on chain with the subject lot and the agreement. Revoking records the reason in IPFS and its digest on
 * chain, where every verifier sees it at once.
 *
 * Exactly once: a certifier has at most one valid certificate per subject and agreement. Issuing another is
 * refused (CERTIFICATE_EXISTS) unless the request names the valid one in `supersedes`; the new certificate
 * then says it replaces the old, and the old is revoked with a reason that names the new. With an
 * Idempotency-Key the certificate's id is reproducible from the request (./certificate-id), so a retry after a
 * crash finds the certificate it anchored — and finishes a supersession it started — instead of anchoring a
 * second one. A revocation retried after a crash answers what the first one did.
 */
import canonicalize from "canonicalize";
import type { Principal } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import { chainKey } from "../chain/keys";
import type { Hex, Ledger, Receipt } from "../chain/ledger";
import { ForbiddenError, NotFoundError, UnavailableError, ValidationError, hasCode } from "../errors";
import { certificatesOfSubject, findCertificate } from "../read-model/certificates";
import type { IndexDatabase } from "../read-model/database";
import { findUpstreamGraph } from "../read-model/queries";
import { certifierName } from "../service-db/certifiers";
import type { DocumentStore } from "../ipfs";
import { assessRecordedProvenance, createAssessment, loadAssessment } from "../assessments/assessments";
import type { AssessmentRequest } from "../assessments/assessments";
import type { OriginAssessment } from "../origin/assessment";
import { proofRequirementsFor, ruleSetFor } from "../origin/rules";
import { buildRevocationRecord, getRecord, isUnreadableRecord, putRecord } from "../records";
import type { RevocationRecord } from "../records";
import type { CertifierKey, CertifierKeyStore } from "./certifier-keys";
import { STATUS_TYPE, buildOriginCredential } from "../credentials/credential";
import type { StatusListEntry } from "../credentials/status-list";
import type { IssueDetails } from "../credentials/credential";
import { attachProofOfOrigin, decideProofOfOrigin, type ProofOfOriginRequest } from "./proof-documents";
import { signDocument, verifyDocumentProof } from "../credentials/data-integrity";
import {
  AssessmentStaleError,
  CertificateExistsError,
  CertificateNotSupersedableError,
  CertificateRevokedError,
  CertificateUnreadableError,
  InsufficientDataError,
  NotOriginatingError,
  ProvisionalRuleError,
} from "./errors";
import { collectEvidence } from "./evidence";
import { isOriginCredential, loadCertificate } from "./anchored";
import type { OriginCredential } from "./anchored";
import { isCertificateOfRequest, newCertificateId } from "./certificate-id";
import type { CertificateRequestIdentity } from "./certificate-id";
import { exclusive } from "./exclusive";
import { allocateStatusEntry, markRevokedInStatusList } from "./status-lists";
import { isIssuedBy, replacedBy, standingCertificates } from "./standing";
import type { StandingCertificate } from "./standing";
import { certificateStatus } from "./status";
import type { CertificateStatus, CertificateVerdict } from "./status";

export { isOriginCredential, loadCertificate, readAnchoredCertificate } from "./anchored";
export type { AnchoredCertificate, OriginCredential } from "./anchored";
export type { RevocationRecord } from "../records";

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
    | "anchorStatusList"
    | "statusListAnchor"
    | "statusListVersionOf"
  >;
  store: Pick<DocumentStore, "put" | "get">;
  indexDb: IndexDatabase;
  serviceDb: ServiceDatabase;
  certifierKeys: CertifierKeyStore;
  /** The host in certificate URLs and QR codes, without a trailing slash. */
  publicBaseUrl: string;
}

/**
 * Either a kept assessment's id, or a subject and agreement to assess now; plus the certifier's details; and,
 * to replace the certifier's valid certificate for the same subject and agreement, its id in `supersedes`.
 */
export type IssueRequest = { assessmentId?: string; supersedes?: string } & Partial<AssessmentRequest> &
  IssueDetails &
  Omit<ProofOfOriginRequest, "certifierRole" | "contact">;

export interface IssueOptions {
  /** The time of issue (default: now). */
  now?: Date;
  /**
   * The request's Idempotency-Key. The certificate's id is then reproducible from the certifier, the key, the
   * subject and the agreement, so a retry after a crash finds the anchor it made instead of making another.
   */
  idempotencyKey?: string;
}

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
  /** The certificate this one replaces (revoked, superseded by this one), or null. */
  replaces: string | null;
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

/** The `did:key`s whose signatures are the certifier's own, rotated ones included (none before its first). */
function certifierDids(deps: Pick<CertificateDeps, "certifierKeys">, certifierId: string): Promise<string[]> {
  return deps.certifierKeys.didsOf(certifierId);
}

/** The subject, agreement and certifier a certificate is unique for, as the lock's key. */
const tripleKey = (subjectId: string, fta: string, certifierId: string) =>
  `${subjectId}\n${fta}\n${certifierId}`;

/**
 * Anchors the credential's digest on chain, signed by the certifier's own account so the anchor names the
 * issuing certifier, not the relayer: the one place a certificate is anchored.
 */
function anchorOnChain(
  deps: Pick<CertificateDeps, "ledger">,
  anchor: { certificateId: string; subjectLotId: string; fta: string; digest: Hex; certifierId: string },
): Promise<Receipt> {
  return deps.ledger.anchorCertificate(anchor);
}

/** Records the revocation in IPFS and its digest on chain: the one place a certificate is revoked. */
async function revokeOnChain(
  deps: Pick<CertificateDeps, "ledger" | "store">,
  record: RevocationRecord,
): Promise<{ receipt: Receipt; reasonCid: string }> {
  const stored = await putRecord(deps.store, record);
  // The chain checks the same authority: the issuing certifier's signature, or the operator's role with a reason.
  const certifierId = record.revokedBy.startsWith("certifier:")
    ? record.revokedBy.slice("certifier:".length)
    : null;
  const receipt = await deps.ledger.revokeCertificate(
    certifierId === null
      ? { certificateId: record.certificateId, reasonDigest: stored.digest, asOperator: true }
      : { certificateId: record.certificateId, reasonDigest: stored.digest, certifierId },
  );
  return { receipt, reasonCid: stored.cid };
}

/** The answer for a certificate anchored already (a retry's, or a replacement's). */
function issuedAnswer(deps: Pick<CertificateDeps, "indexDb" | "publicBaseUrl">, found: StandingCertificate) {
  const { credential, status } = found;
  const indexed = findCertificate(deps.indexDb, found.id);
  const assessment = credential.credentialSubject.assessment[0] as { assessmentId?: unknown } | undefined;
  return {
    id: found.id,
    fta: status.anchor.fta,
    subjectId: credential.credentialSubject.subjectLot.id,
    assessmentId: typeof assessment?.assessmentId === "string" ? assessment.assessmentId : "",
    cid: status.cid,
    digest: status.anchor.digest,
    txHash: indexed?.txHash ?? ("0x" as Hex),
    blockNumber: indexed?.blockNumber ?? 0,
    issuer: credential.issuer.id,
    validFrom: credential.validFrom,
    validUntil: credential.validUntil,
    replaces: found.replaces,
    links: certificateLinks(deps.publicBaseUrl, found.id),
    credential,
  } satisfies IssuedCertificate;
}

/**
 * Revokes every certificate that a standing one says it replaces and that is not revoked yet: the second half
 * of a supersession a crash interrupted. Returns the standing list as it is afterwards.
 */
async function completeSupersessions(
  deps: CertificateDeps,
  certifierId: string,
  standing: StandingCertificate[],
  now: Date,
): Promise<StandingCertificate[]> {
  const revokedNow = new Set<string>();
  for (const replacement of standing) {
    if (replacement.replaces === null || replacement.status.verdict === "revoked") continue;
    const replaced = standing.find((c) => c.id === replacement.replaces);
    if (!replaced || replaced.status.anchor.revokedAt !== null) continue;
    await revokeAsSuperseded(deps, certifierId, replaced.id, replacement.id, now);
    revokedNow.add(replaced.id);
  }
  return standing.map((c) =>
    revokedNow.has(c.id)
      ? {
          ...c,
          status: { ...c.status, verdict: "revoked", anchor: { ...c.status.anchor, revokedAt: now } },
        }
      : c,
  );
}

/** Revokes `id` as superseded by `replacementId`, unless it is revoked already. */
async function revokeAsSuperseded(
  deps: CertificateDeps,
  certifierId: string,
  id: string,
  replacementId: string,
  now: Date,
): Promise<void> {
  try {
    await revokeOnChain(
      deps,
      buildRevocationRecord({
        certificateId: id,
        reason: `Superseded by certificate ${replacementId}`,
        revokedBy: `certifier:${certifierId}`,
        revokedAt: now,
        supersededBy: replacementId,
      }),
    );
  } catch (error) {
    // Revoked meanwhile (by its certifier, or by this supersession's first attempt): it no longer stands.
    if (!hasCode(error, "CERTIFICATE_REVOKED")) throw error;
  }
  await markRevokedInStatusList(deps, id, now);
}

/** What to replace: `supersedes`, checked to be this certifier's standing certificate for the subject. */
async function supersessionTarget(
  deps: CertificateDeps,
  standing: StandingCertificate[],
  supersedes: string,
  subjectId: string,
  fta: string,
): Promise<StandingCertificate> {
  const target = standing.find((c) => c.id === supersedes);
  if (!target) {
    if (!(await deps.ledger.getCertificate(supersedes))) throw new NotFoundError("Certificate", supersedes);
    throw new CertificateNotSupersedableError(
      supersedes,
      `it is not a genuine certificate of this certifier for '${subjectId}' under ${fta}`,
      { subjectId, fta },
    );
  }
  if (target.status.anchor.revokedAt !== null) {
    // Superseded already: name the certificate that replaced it, which is the one to supersede now.
    const replacement = standing.find((c) => c.replaces === target.id && c.status.verdict === "valid");
    if (replacement) throw new CertificateExistsError(replacement.id, subjectId, fta);
    throw new CertificateRevokedError(target.id);
  }
  return target;
}

/** Refuses to issue while another certificate of this certifier is valid for the subject (CERTIFICATE_EXISTS). */
function requireNoOtherValid(
  standing: StandingCertificate[],
  replaced: StandingCertificate | null,
  subjectId: string,
  fta: string,
): void {
  const unknown = standing.find((c) => c.status.verdict === "unverified");
  if (unknown)
    throw new UnavailableError(
      `Certificate '${unknown.id}' cannot be checked now, so whether it is valid is unknown; nothing was issued`,
      { details: { id: unknown.id } },
    );
  const other = standing.find((c) => c.status.verdict === "valid" && c.id !== replaced?.id);
  if (other) throw new CertificateExistsError(other.id, subjectId, fta);
}

interface SignAndAnchorParameters {
  id: string;
  subjectId: string;
  fta: string;
  key: CertifierKey;
  unsigned: Record<string, unknown>;
  replaced: StandingCertificate | null;
  now: Date;
}

/** Signs, stores and anchors a new credential, then revokes what it replaces. */
async function signAndAnchor(
  deps: CertificateDeps,
  certifierId: string,
  params: SignAndAnchorParameters,
): Promise<{ credential: OriginCredential; cid: string; digest: Hex; receipt: Receipt }> {
  const { id, replaced, now } = params;
  if (replaced) {
    (params.unsigned.credentialSubject as Record<string, unknown>).replaces = {
      id: certificateLinks(deps.publicBaseUrl, replaced.id).page,
      certificateId: replaced.id,
    };
  }
  const credential = (await signDocument(params.unsigned, {
    privateKey: params.key.privateKey,
    verificationMethod: params.key.verificationMethod,
    created: now,
  })) as unknown as OriginCredential;
  // In IPFS before the chain names it: a crash in between leaves an object nothing cites, never an anchor
  // without its credential.
  const stored = await putRecord(deps.store, credential);
  const receipt = await anchorOnChain(deps, {
    certificateId: id,
    subjectLotId: params.subjectId,
    fta: params.fta,
    digest: stored.digest,
    certifierId,
  });
  if (replaced) await revokeAsSuperseded(deps, certifierId, replaced.id, id, now);
  return { credential, cid: stored.cid, digest: stored.digest, receipt };
}

/**
 * Issues a certificate for an originating, non-provisional assessment — never otherwise (NOT_ORIGINATING,
 * INSUFFICIENT_DATA, PROVISIONAL_RULE). With `assessmentId`, the provenance is assessed again and must give
 * the same facts (ASSESSMENT_STALE otherwise), so a certificate can never rest on facts it did not derive.
 *
 * At most one valid certificate per subject, agreement and certifier: while one is valid, another is refused
 * (CERTIFICATE_EXISTS, naming it) unless `supersedes` names it; then the new one replaces it and it is revoked,
 * "superseded by" the new. With `options.idempotencyKey`, a retry of a request whose answer a crash lost
 * answers the certificate that request anchored (and completes its supersession).
 *
 * @example
 * const issued = await issueCertificate(deps, { type: "certifier", id: "vcci-hcm" }, { subjectId: "SHP-0001", fta: "EVFTA" }, { idempotencyKey: "co-shp-0001" });
 */
export async function issueCertificate(
  deps: CertificateDeps,
  principal: Principal,
  request: IssueRequest,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  if (principal.type !== "certifier")
    throw new ForbiddenError("Only a certifier's API key may issue certificates");
  const now = options.now ?? new Date();
  const { assessmentId: citedId, subjectId, fta, importingCountry, date, supersedes, ...details } = request;

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
  const subject = derived.subject;
  const agreement = derived.assessment.fta;
  const identity: CertificateRequestIdentity | undefined =
    options.idempotencyKey === undefined
      ? undefined
      : {
          certifierId: principal.id,
          idempotencyKey: options.idempotencyKey,
          subjectId: subject.id,
          fta: agreement,
        };

  return exclusive(deps.indexDb, tripleKey(subject.id, agreement, principal.id), async () => {
    const dids = await certifierDids(deps, principal.id);
    const query = { subjectId: subject.id, fta: agreement, certifierId: principal.id, dids };
    const standing = await completeSupersessions(
      deps,
      principal.id,
      await standingCertificates(deps, query, now),
      now,
    );
    // The same request again, after a crash swallowed its answer: the certificate it anchored.
    const again = identity && standing.find((c) => isCertificateOfRequest(c.id, identity));
    if (again) return issuedAnswer(deps, again);

    requireCertifiable(assessmentId, derived.assessment);
    const facts = derived.facts!;
    const replaced =
      supersedes === undefined
        ? null
        : await supersessionTarget(deps, standing, supersedes, subject.id, agreement);
    requireNoOtherValid(standing, replaced, subject.id, agreement);
    // The proof of origin and its conditions (value ceiling, authorisation, certifier): refused before anything is anchored.
    const proofOfOrigin = decideProofOfOrigin(details, facts, subject);
    const graph = findUpstreamGraph(deps.indexDb, subject.id);
    if (!graph) throw new NotFoundError("Lot", subject.id);

    const proofRequirements = proofRequirementsFor(facts.fta);
    const id = newCertificateId(facts.fta, now, identity);
    const key = await deps.certifierKeys.keyFor(principal.id);
    const evidence = await collectEvidence(graph, {
      store: deps.store,
      chainId: deps.ledger.chainId,
      contract: deps.ledger.contractAddress,
      baseUrl: deps.publicBaseUrl,
    });
    const statusListEntry = await allocateStatusEntry(deps, principal.id, id, now);
    const unsigned = buildOriginCredential({
      id,
      baseUrl: deps.publicBaseUrl,
      fta: facts.fta,
      agreementName: ruleSetFor(facts.fta).name,
      issuer: { did: key.did, name: displayName(deps.serviceDb, principal.id), certifierId: principal.id },
      issuedAt: now,
      validUntil: addMonths(now, proofRequirements.validityMonths ?? 12),
      subject,
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
      statusListEntry,
    });
    attachProofOfOrigin(unsigned, proofOfOrigin);
    const { credential, cid, digest, receipt } = await signAndAnchor(deps, principal.id, {
      id,
      subjectId: subject.id,
      fta: facts.fta,
      key,
      unsigned,
      replaced,
      now,
    });
    return {
      id,
      fta: facts.fta,
      subjectId: subject.id,
      assessmentId,
      cid,
      digest,
      txHash: receipt.txHash,
      blockNumber: receipt.blockNumber,
      issuer: key.did,
      validFrom: credential.validFrom,
      validUntil: credential.validUntil,
      replaces: replaced?.id ?? null,
      links: certificateLinks(deps.publicBaseUrl, id),
      credential,
    };
  });
}

/**
 * The unsigned copy of `credential` under the new id `id`, issued by `key` (the certifier's key now) and
 * otherwise unchanged: subject, facts, assessment, evidence and validity period are what the certifier signed.
 */
function reissuedCredential(
  deps: Pick<CertificateDeps, "publicBaseUrl" | "ledger">,
  credential: OriginCredential,
  id: string,
  key: CertifierKey,
  statusListEntry: StatusListEntry,
): Record<string, unknown> {
  const { proof: _proof, ...unsigned } = structuredClone(credential);
  const links = certificateLinks(deps.publicBaseUrl, id);
  // The chain anchor's status (alone in legacy certificates; first beside a status list entry since).
  const statuses = [unsigned.credentialStatus ?? {}].flat() as Record<string, unknown>[];
  const status = statuses.find((entry) => entry.type === STATUS_TYPE) ?? statuses[0] ?? {};
  return {
    ...unsigned,
    id: links.json,
    name: `Certificate of origin ${id} under ${credential.credentialSubject.agreement.id}`,
    issuer: { ...unsigned.issuer, id: key.did },
    credentialSubject: { ...unsigned.credentialSubject, id: links.page, certificateId: id },
    credentialStatus: [
      {
        ...status,
        id: links.verification,
        chainId: deps.ledger.chainId,
        contract: deps.ledger.contractAddress,
        certificateKey: chainKey(id),
      },
      statusListEntry,
    ],
  };
}

/**
 * Re-issues certificate `id`, whose proof is in the legacy form no standard verifier accepts (the proof's
 * `@context` hashed but not published), as a new certificate in the standard eddsa-jcs-2022 form that replaces
 * it: the same content under a new id, signed by the certifier's key, anchored, and the old one revoked as
 * superseded by it. Only the issuing certifier may (FORBIDDEN); only a valid legacy certificate qualifies
 * (CERTIFICATE_NOT_SUPERSEDABLE, CERTIFICATE_REVOKED). Asked again, it answers the certificate it made.
 *
 * @example
 * const { id: replacement } = await reissueCertificate(deps, { type: "certifier", id: "vcci-hcm" }, "CO-EVFTA-20250105-0A1B2C3D");
 */
export async function reissueCertificate(
  deps: CertificateDeps,
  principal: Principal,
  id: string,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  if (principal.type !== "certifier")
    throw new ForbiddenError("Only the issuing certifier may re-issue a certificate");
  const now = options.now ?? new Date();
  const old = await certificateStatus(deps, id, now);
  if (!old.credential) throw new CertificateUnreadableError(id);
  const dids = await certifierDids(deps, principal.id);
  if (!isIssuedBy(old.credential, principal.id, dids))
    throw new ForbiddenError("Only the issuing certifier may re-issue a certificate", { id });
  const proof = await verifyDocumentProof(old.credential, old.credential.issuer.id);
  if (!proof.verified || proof.legacy === undefined)
    throw new CertificateNotSupersedableError(
      id,
      proof.verified
        ? "its proof is in the standard eddsa-jcs-2022 form already: to replace it, issue with supersedes"
        : "its proof does not verify",
    );
  const subjectId = old.credential.credentialSubject.subjectLot.id;
  const fta = old.anchor.fta;

  return exclusive(deps.indexDb, tripleKey(subjectId, fta, principal.id), async () => {
    const query = { subjectId, fta, certifierId: principal.id, dids };
    const standing = await completeSupersessions(
      deps,
      principal.id,
      await standingCertificates(deps, query, now),
      now,
    );
    const made = standing.find((c) => c.replaces === id);
    if (made) return issuedAnswer(deps, made);
    const replaced = await supersessionTarget(deps, standing, id, subjectId, fta);
    if (replaced.status.verdict !== "valid")
      throw new CertificateNotSupersedableError(id, `it is ${replaced.status.verdict}, not valid`, {
        verdict: replaced.status.verdict,
      });
    requireNoOtherValid(standing, replaced, subjectId, fta);

    const newId = newCertificateId(
      fta,
      now,
      options.idempotencyKey === undefined
        ? undefined
        : { certifierId: principal.id, idempotencyKey: `reissue\n${options.idempotencyKey}`, subjectId, fta },
    );
    const key = await deps.certifierKeys.keyFor(principal.id);
    const { credential, cid, digest, receipt } = await signAndAnchor(deps, principal.id, {
      id: newId,
      subjectId,
      fta,
      key,
      unsigned: reissuedCredential(
        deps,
        replaced.credential,
        newId,
        key,
        await allocateStatusEntry(deps, principal.id, newId, now),
      ),
      replaced,
      now,
    });
    const assessment = credential.credentialSubject.assessment[0] as { assessmentId?: unknown } | undefined;
    return {
      id: newId,
      fta,
      subjectId,
      assessmentId: typeof assessment?.assessmentId === "string" ? assessment.assessmentId : "",
      cid,
      digest,
      txHash: receipt.txHash,
      blockNumber: receipt.blockNumber,
      issuer: key.did,
      validFrom: credential.validFrom,
      validUntil: credential.validUntil,
      replaces: id,
      links: certificateLinks(deps.publicBaseUrl, newId),
      credential,
    };
  });
}

export interface RevokedCertificate {
  id: string;
  revoked: true;
  reason: string;
  reasonCid: string;
  revokedAt: string;
  txHash: Hex;
  /** The revocation's block; null when the answer is read back for a retry (the read model keeps the transaction only). */
  blockNumber: number | null;
}

/** The revocation of `id` that the chain holds, when it is `principal`'s with `reason`: a retry's first answer. */
async function sameRevocation(
  deps: CertificateDeps,
  id: string,
  revokedBy: string,
  reason: string,
): Promise<RevokedCertificate | null> {
  const first = await revocationOf(deps, id);
  if (!first || first.record.revokedBy !== revokedBy || first.record.reason !== reason) return null;
  if (first.record.supersededBy !== undefined || first.txHash === null) return null;
  return {
    id,
    revoked: true,
    reason,
    reasonCid: first.cid,
    revokedAt: first.record.revokedAt,
    txHash: first.txHash,
    blockNumber: null,
  };
}

/**
 * Revokes certificate `id`: only the certifier whose key signed it may (FORBIDDEN otherwise; any of its keys,
 * rotated ones included, counts as its own), or the operator, who must give a reason (e.g. after a certifier's
 * key was compromised). The chain checks the same: the issuing certifier's signature, or the operator's role with
 * a reason digest. A revoked certificate stays revoked (CERTIFICATE_REVOKED) — except that the same principal
 * asking again with the same reason (a retry whose answer a crash lost) gets the revocation it made.
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
    if (!(await certifierDids(deps, principal.id)).includes(credential.issuer.id))
      throw new ForbiddenError("Only the issuing certifier may revoke a certificate", { id });
  } else if (reason.trim() === "") {
    throw new ValidationError([{ path: "reason", message: "the operator revokes only with a reason" }]);
  }
  const revokedBy = principal.type === "certifier" ? `certifier:${principal.id}` : "operator";
  return exclusive(deps.indexDb, `revoke\n${id}`, async () => {
    const againOrRefuse = async () => {
      const first = await sameRevocation(deps, id, revokedBy, reason);
      // A retry after a crash between the chain and the list: the list catches up (setting a bit is idempotent).
      if (first) await markRevokedInStatusList(deps, id, now);
      if (first) return first;
      throw new CertificateRevokedError(id);
    };
    if (anchor.revokedAt || (await deps.ledger.getCertificate(id))?.revokedAt) return againOrRefuse();
    const record = buildRevocationRecord({ certificateId: id, reason, revokedBy, revokedAt: now });
    let revoked: Awaited<ReturnType<typeof revokeOnChain>>;
    try {
      revoked = await revokeOnChain(deps, record);
    } catch (error) {
      if (hasCode(error, "CERTIFICATE_REVOKED")) return againOrRefuse();
      throw error;
    }
    // Within the revoke request: the published list shows the revocation as soon as the answer does.
    await markRevokedInStatusList(deps, id, now);
    return {
      id,
      revoked: true,
      reason,
      reasonCid: revoked.reasonCid,
      revokedAt: record.revokedAt,
      txHash: revoked.receipt.txHash,
      blockNumber: revoked.receipt.blockNumber,
    };
  });
}

/** The revocation record of certificate `id` the read model saw the chain name, checked against its digest. */
async function revocationOf(
  deps: { indexDb: IndexDatabase; store: Pick<DocumentStore, "get"> },
  id: string,
): Promise<{ record: RevocationRecord; cid: string; txHash: Hex | null } | null> {
  const indexed = findCertificate(deps.indexDb, id);
  if (!indexed?.revocationReasonDigest) return null;
  try {
    const { record, cid } = await getRecord<RevocationRecord>(deps.store, indexed.revocationReasonDigest);
    if (record?.type !== "certificate-revocation" || record.certificateId !== id) return null;
    return { record, cid, txHash: indexed.revocationTxHash };
  } catch (error) {
    if (isUnreadableRecord(error)) return null;
    throw error;
  }
}

/**
 * The revocation reason of certificate `id`, from the digest the read model saw on chain; null if none.
 * `supersededBy` names the certificate that replaced it, when the revocation was a supersession.
 */
export async function revocationReason(
  deps: { indexDb: IndexDatabase; store: Pick<DocumentStore, "get"> },
  id: string,
): Promise<{ reason: string; revokedAt: string; txHash: Hex | null; supersededBy: string | null } | null> {
  const found = await revocationOf(deps, id);
  if (!found) return null;
  return {
    reason: found.record.reason,
    revokedAt: found.record.revokedAt,
    txHash: found.txHash,
    supersededBy: found.record.supersededBy ?? null,
  };
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
  /** The certificate this one replaces, as its credential says. */
  replaces: string | null;
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
        replaces: status && credential ? replacedBy(credential) : null,
        links: status && id ? certificateLinks(deps.publicBaseUrl, id) : null,
      };
    }),
  );
}
