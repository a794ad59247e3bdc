/**
 * Verifying an origin certificate, as anyone can, from the chain and IPFS alone: the credential's bytes hash
 * to the digest anchored on chain; its Data Integrity proof verifies against the issuer's `did:key`; it names
 * the lot and agreement the anchor names; its assessment is originating from a confirmed rule (and the origin
 * engine, run again on the credential's facts, agrees); the chain says it is not revoked; it is within its
 * validity period.
 */
import { chainKey } from "../chain/keys";
import type { Hex } from "../chain/ledger";
import { assessOrigin } from "../origin/evaluate";
import { originFactsSchema } from "../origin/facts";
import type { CertificateDeps, OriginCredential } from "./certificates";
import { readAnchoredCertificate, revocationReason } from "./certificates";
import { verifyDocumentProof } from "../credentials/data-integrity";

export type CertificateVerdict = "valid" | "revoked" | "expired" | "tampered" | "unverified";

export interface VerificationCheck {
  id: "anchored" | "digest" | "signature" | "subject" | "assessment" | "not-revoked" | "validity";
  /** null: could not be checked now (IPFS did not give the document). */
  passed: boolean | null;
  detail: string;
}

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

function anchorTxHash(deps: Pick<CertificateDeps, "indexDb">, id: string): Hex | null {
  const row = deps.indexDb
    .prepare("SELECT tx_hash FROM certificates WHERE certificate_key = ?")
    .get(chainKey(id)) as { tx_hash: Hex } | undefined;
  return row?.tx_hash ?? null;
}

/** Whether the credential's embedded assessment qualifies, and whether the engine agrees today. */
function checkAssessment(credential: OriginCredential): {
  passed: boolean | null;
  detail: string;
  tampered: boolean;
} {
  const embedded = credential.credentialSubject.assessment?.[0];
  if (!embedded || embedded.status !== "originating" || embedded.provisional !== false) {
    return {
      passed: false,
      tampered: true,
      detail: "The certificate's assessment is not an originating answer from a confirmed rule",
    };
  }
  const facts = originFactsSchema.safeParse(credential.credentialSubject.facts);
  if (!facts.success)
    return { passed: false, tampered: true, detail: "The certificate's facts are not valid origin facts" };
  const again = assessOrigin(facts.data);
  if (again.status !== "originating" || again.provisional) {
    return {
      passed: false,
      tampered: false,
      detail: `Assessed again with today's rule tables, the facts give ${again.status}${again.provisional ? " (provisional)" : ""} under ${again.rule.id}`,
    };
  }
  return {
    passed: true,
    tampered: false,
    detail: `Originating under ${embedded.rule.id}, a confirmed rule; the origin engine, run again on the certificate's facts, agrees`,
  };
}

/**
 * Verifies certificate `id` (NOT_FOUND when it was never anchored).
 *
 * @example
 * const { verdict, checks } = await verifyCertificate(deps, "CO-EVFTA-20260305-9F2C4A1B");
 */
export async function verifyCertificate(
  deps: Pick<CertificateDeps, "ledger" | "store" | "indexDb">,
  id: string,
  now: Date = new Date(),
): Promise<CertificateVerification> {
  const { anchor, cid, credential, problem } = await readAnchoredCertificate(deps, id);
  const checks: VerificationCheck[] = [
    {
      id: "anchored",
      passed: true,
      detail: `Anchored on chain ${anchor.issuedAt.toISOString()} by account ${anchor.certifier} for ${anchor.fta}`,
    },
  ];
  let tampered = problem === "digest-mismatch" || problem === "not-a-credential";
  const bytesMatch = problem === null || problem === "not-a-credential";
  checks.push({
    id: "digest",
    passed: bytesMatch ? true : problem === "unavailable" ? null : false,
    detail: bytesMatch
      ? `The document ${cid} hashes to the anchored SHA-256 ${anchor.digest.slice(2)}`
      : problem === "unavailable"
        ? `IPFS cannot give ${cid} now`
        : `The document IPFS gives for ${cid} does not hash to the anchored digest`,
  });
  if (problem === "not-a-credential") {
    checks.push({
      id: "signature",
      passed: false,
      detail: `The anchored document ${cid} is not an origin credential`,
    });
  }

  if (credential) {
    const proof = await verifyDocumentProof(credential, credential.issuer?.id);
    checks.push({
      id: "signature",
      passed: proof.verified,
      detail: proof.verified
        ? `Signed by ${credential.issuer.name} (${credential.issuer.id}) with eddsa-jcs-2022`
        : `The signature does not verify: ${proof.reason}`,
    });
    const subject = credential.credentialSubject;
    const subjectMatches =
      subject?.certificateId === id &&
      typeof subject.subjectLot?.id === "string" &&
      chainKey(subject.subjectLot.id) === anchor.subjectLotKey &&
      subject.agreement?.id === anchor.fta;
    checks.push({
      id: "subject",
      passed: subjectMatches,
      detail: subjectMatches
        ? `Covers lot ${subject.subjectLot.id} under ${anchor.fta}, as anchored`
        : "The certificate's id, lot or agreement differs from the anchor's",
    });
    const assessment = checkAssessment(credential);
    checks.push({ id: "assessment", passed: assessment.passed, detail: assessment.detail });
    tampered ||= !proof.verified || !subjectMatches || assessment.tampered;
  }

  const recorded = anchor.revokedAt ? await revocationReason(deps, id) : null;
  const revocation = anchor.revokedAt
    ? {
        revokedAt: anchor.revokedAt.toISOString(),
        reason: recorded?.reason ?? null,
        txHash: recorded?.txHash ?? null,
      }
    : null;
  checks.push({
    id: "not-revoked",
    passed: anchor.revokedAt === null,
    detail: anchor.revokedAt
      ? `Revoked on chain ${anchor.revokedAt.toISOString()}${revocation?.reason ? `: ${revocation.reason}` : ""}`
      : "The chain holds no revocation",
  });
  let expired = false;
  if (credential) {
    const from = Date.parse(credential.validFrom);
    const until = Date.parse(credential.validUntil);
    const within = from <= now.getTime() && now.getTime() < until;
    expired = !within;
    checks.push({
      id: "validity",
      passed: within,
      detail: `Valid from ${credential.validFrom} until ${credential.validUntil}`,
    });
  }

  const unchecked = checks.some((check) => check.passed === null) || (!credential && !tampered);
  const assessmentFailed = checks.some((check) => check.id === "assessment" && check.passed === false);
  const verdict: CertificateVerdict = tampered
    ? "tampered"
    : anchor.revokedAt
      ? "revoked"
      : unchecked || assessmentFailed
        ? "unverified"
        : expired
          ? "expired"
          : "valid";
  return {
    id,
    verdict,
    checkedAt: now.toISOString(),
    anchor: {
      subjectLotKey: anchor.subjectLotKey,
      fta: anchor.fta,
      digest: anchor.digest,
      cid,
      txHash: anchorTxHash(deps, id),
      certifierAccount: anchor.certifier,
      issuedAt: anchor.issuedAt.toISOString(),
      revokedAt: anchor.revokedAt?.toISOString() ?? null,
    },
    revocation,
    certificate: credential,
    checks,
  };
}
