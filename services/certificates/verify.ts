/**
 * Verifying an origin certificate, as anyone can, from the chain and IPFS alone: the credential's bytes hash
 * to the digest anchored on chain; its Data Integrity proof verifies against the issuer's `did:key`; it names
 * the lot and agreement the anchor names; its assessment is originating from a confirmed rule (and the origin
 * engine, run again on the credential's facts, agrees); the chain says it is not revoked; it is within its
 * validity period.
 */
import type { Hex } from "../chain/ledger";
import { assessOrigin } from "../origin/evaluate";
import { originFactsSchema } from "../origin/facts";
import { findCertificate } from "../read-model/certificates";
import type { IndexDatabase } from "../read-model/database";
import type { OriginCredential } from "./certificates";
import { revocationReason } from "./certificates";
import { certificateStatus } from "./status";
import { note } from "../provenance/check-notes";
import type { CheckNote } from "../provenance/check-notes";
import type { CertificateStatusDeps, CertificateVerdict, VerificationCheck } from "./status";

export type { CertificateVerdict, VerificationCheck } from "./status";

export interface CertificateVerification {
  id: string;
  verdict: CertificateVerdict;
  checkedAt: string;
  anchor: {
    subjectLotKey: Hex;
    fta: string;
    digest: Hex;
    cid: string;
    /** The anchoring transaction, as the read model saw it (null until indexed). */
    txHash: Hex | null;
    certifierAccount: string;
    issuedAt: string;
    revokedAt: string | null;
  };
  revocation: { revokedAt: string; reason: string | null; txHash: Hex | null } | null;
  certificate: OriginCredential | null;
  checks: VerificationCheck[];
}

/** Whether the credential's embedded assessment qualifies, and whether the engine agrees today. */
function checkAssessment(credential: OriginCredential): {
  passed: boolean | null;
  detail: string;
  note?: CheckNote;
  tampered: boolean;
} {
  const embedded = credential.credentialSubject.assessment?.[0];
  if (!embedded || embedded.status !== "originating" || embedded.provisional !== false) {
    return {
      passed: false,
      tampered: true,
      detail: "The certificate's assessment is not an originating answer from a confirmed rule",
      note: note("assessment-not-confirmed"),
    };
  }
  const facts = originFactsSchema.safeParse(credential.credentialSubject.facts);
  if (!facts.success)
    return {
      passed: false,
      tampered: true,
      detail: "The certificate's facts are not valid origin facts",
      note: note("assessment-facts-invalid"),
    };
  const again = assessOrigin(facts.data);
  if (again.status !== "originating" || again.provisional) {
    return {
      passed: false,
      tampered: false,
      detail: `Assessed again with today's rule tables, the facts give ${again.status}${again.provisional ? " (provisional)" : ""} under ${again.rule.id}`,
      note: note("assessment-not-originating-today"),
    };
  }
  return {
    passed: true,
    tampered: false,
    detail: `Originating under ${embedded.rule.id}, a confirmed rule; the origin engine, run again on the certificate's facts, agrees`,
  };
}

/**
 * Verifies certificate `id` (NOT_FOUND when it was never anchored): its {@link certificateStatus}, and also
 * its assessment, run again with today's rule tables.
 *
 * @example
 * const { verdict, checks } = await verifyCertificate(deps, "CO-EVFTA-20260305-9F2C4A1B");
 */
export async function verifyCertificate(
  deps: CertificateStatusDeps & { indexDb: IndexDatabase },
  id: string,
  now: Date = new Date(),
): Promise<CertificateVerification> {
  const status = await certificateStatus(deps, id, now);
  const { anchor, cid, credential } = status;
  const assessment = credential ? checkAssessment(credential) : null;

  const recorded = anchor.revokedAt ? await revocationReason(deps, id) : null;
  const revocation = anchor.revokedAt
    ? {
        revokedAt: anchor.revokedAt.toISOString(),
        reason: recorded?.reason ?? null,
        txHash: recorded?.txHash ?? null,
      }
    : null;
  const standing = status.standing.map((check) =>
    check.id === "not-revoked" && revocation?.reason
      ? { ...check, detail: `${check.detail}: ${revocation.reason}` }
      : check,
  );
  const checks: VerificationCheck[] = [
    ...status.integrity,
    ...status.evidence,
    ...(assessment
      ? [
          {
            id: "assessment" as const,
            passed: assessment.passed,
            detail: assessment.detail,
            ...(assessment.note ? { note: assessment.note } : {}),
          },
        ]
      : []),
    ...standing,
  ];

  // The assessment can only lower a verdict that stands: a tampered one makes it tampered, one that no longer
  // holds under today's rules leaves it unverified.
  const verdict: CertificateVerdict = assessment?.tampered
    ? "tampered"
    : (status.verdict === "valid" || status.verdict === "expired") && assessment?.passed === false
      ? "unverified"
      : status.verdict;
  return {
    id,
    verdict,
    checkedAt: now.toISOString(),
    anchor: {
      subjectLotKey: anchor.subjectLotKey,
      fta: anchor.fta,
      digest: anchor.digest,
      cid,
      txHash: findCertificate(deps.indexDb, id)?.txHash ?? null,
      certifierAccount: anchor.certifier,
      issuedAt: anchor.issuedAt.toISOString(),
      revokedAt: anchor.revokedAt?.toISOString() ?? null,
    },
    revocation,
    certificate: credential,
    checks,
  };
}
