/**
 * The one answer to "does this origin certificate stand?", from the chain and IPFS alone: the chain anchors
 * it; the document IPFS gives hashes to the anchored digest and is an origin credential; its Data Integrity
 * proof verifies against its issuer's key (a `did:key`, or this service's own `did:web`, resolved locally); it names the certificate id, lot and agreement the anchor
 * names; the chain holds no revocation of it; today is within its validity period. Every surface that shows a
 * certificate — the certificate page and API, the garment page and JSON, the passport, the linkset — shows
 * this answer.
 */
import { chainKey } from "../chain/keys";
import type { CertificateState, Ledger } from "../chain/ledger";
import type { ProofVerification } from "../credentials/data-integrity";
import { verifyDocumentProof } from "../credentials/data-integrity";
import { keyResolver } from "../credentials/verification-method";
import type { DocumentStore } from "../ipfs";
import type { CertifierKeyStore } from "./certifier-keys";
import { localDidWebDocuments } from "./certifier-keys";
import type { AnchoredCertificate, OriginCredential } from "./anchored";
import { readAnchoredCertificate } from "./anchored";
import { checkCertificateEvidence } from "./evidence";
import { note } from "../provenance/check-notes";
import type { CheckNote } from "../provenance/check-notes";
import type { EvidenceCheckDeps } from "./evidence";

/**
 * - `valid`: anchored, intact, signed by its issuer, not revoked and within its validity period;
 * - `revoked`: genuine, and revoked on chain;
 * - `expired`: genuine and not revoked, but outside its validity period;
 * - `invalid`: genuine and anchored, but its facts are not what its evidence records (checked against the
 *   chain) give today, or they no longer assess as originating;
 * - `tampered`: the document does not match its anchor, is no credential, or its signature does not verify;
 * - `unverified`: something could not be checked now (IPFS did not give the document).
 */
export type CertificateVerdict = "valid" | "revoked" | "expired" | "invalid" | "tampered" | "unverified";

export interface VerificationCheck {
  id:
    "anchored" | "digest" | "signature" | "subject" | "evidence" | "assessment" | "not-revoked" | "validity";
  /** null: could not be checked now (IPFS did not give the document). */
  passed: boolean | null;
  detail: string;
  /** What `detail` says when it did not pass, as a stable code for the page to word in its language. */
  note?: CheckNote;
}

/** Proof outcomes by credential digest: a signature over given bytes verifies forever or never. */
export interface ProofCache {
  get(digest: string): ProofVerification | undefined;
  set(digest: string, outcome: ProofVerification): void;
}

export interface CertificateStatusDeps {
  /** With `lotRecord`, `getLot` and `getFacility`, the certificate is also checked against its evidence. */
  ledger: Pick<Ledger, "getCertificate"> & Partial<Pick<Ledger, "getLot" | "lotRecord" | "getFacility">>;
  store: Pick<DocumentStore, "get">;
  /** Where proof outcomes are kept between calls (optional: without it every call verifies the proof). */
  proofs?: ProofCache;
  /** Where evidence outcomes are kept between calls, by credential digest. */
  evidence?: EvidenceCheckDeps["outcomes"];
  /**
   * With both, the service's own did:web issuers resolve locally from its register of certifier keys;
   * without them only did:key issuers (certificates issued before did:web) verify.
   */
  certifierKeys?: Pick<CertifierKeyStore, "historyOf">;
  publicBaseUrl?: string;
}

/** The outcome of {@link certificateStatus}. */
export interface CertificateStatus {
  id: string;
  verdict: CertificateVerdict;
  anchor: CertificateState;
  cid: string;
  /** The credential, when IPFS gave bytes that hash to the anchored digest. */
  credential: OriginCredential | null;
  problem: AnchoredCertificate["problem"];
  /** Whether the document is what was anchored: `anchored`, `digest`, then `signature` and `subject`. */
  integrity: VerificationCheck[];
  /** Whether its facts are what its evidence gives (`evidence`); empty when the deps cannot read lots. */
  evidence: VerificationCheck[];
  /** Whether it is in force: `not-revoked`, then `validity` (when the credential could be read). */
  standing: VerificationCheck[];
  /** Whether now is outside its validity period; null when the credential could not be read. */
  expired: boolean | null;
}

async function proofOf(
  deps: CertificateStatusDeps,
  digest: string,
  credential: OriginCredential,
): Promise<ProofVerification> {
  const kept = deps.proofs?.get(digest);
  if (kept) return kept;
  const resolveKey = keyResolver(
    deps.certifierKeys && deps.publicBaseUrl !== undefined
      ? localDidWebDocuments(deps.publicBaseUrl, deps.certifierKeys)
      : undefined,
  );
  const outcome = await verifyDocumentProof(credential, credential.issuer?.id, { resolveKey });
  // An unresolved key is a question of this caller's reach, not of the credential: not kept.
  if (!outcome.verified && outcome.unresolved) return outcome;
  deps.proofs?.set(digest, outcome);
  return outcome;
}

/**
 * The status of certificate `id` as of `now` (NOT_FOUND when it was never anchored). The chain is read on
 * every call, so a revocation shows at once.
 *
 * @example
 * const { verdict } = await certificateStatus({ ledger, store }, "CO-EVFTA-20260305-9F2C4A1B");
 * // "valid" | "revoked" | "expired" | "tampered" | "unverified"
 */
export async function certificateStatus(
  deps: CertificateStatusDeps,
  id: string,
  now: Date = new Date(),
): Promise<CertificateStatus> {
  const { anchor, cid, credential, problem } = await readAnchoredCertificate(deps, id);
  const integrity: VerificationCheck[] = [
    {
      id: "anchored",
      passed: true,
      detail: `Anchored on chain ${anchor.issuedAt.toISOString()} by account ${anchor.certifier} for ${anchor.fta}`,
    },
  ];
  let tampered = problem === "digest-mismatch" || problem === "not-a-credential";
  const bytesMatch = problem === null || problem === "not-a-credential";
  integrity.push({
    id: "digest",
    passed: bytesMatch ? true : problem === "unavailable" ? null : false,
    detail: bytesMatch
      ? `The document ${cid} hashes to the anchored SHA-256 ${anchor.digest.slice(2)}`
      : problem === "unavailable"
        ? `IPFS cannot give ${cid} now`
        : `The document IPFS gives for ${cid} does not hash to the anchored digest`,
    ...(bytesMatch
      ? {}
      : {
          note: note(
            problem === "unavailable" ? "certificate-document-unavailable" : "certificate-document-mismatch",
            {
              cid,
            },
          ),
        }),
  });
  if (problem === "not-a-credential") {
    integrity.push({
      id: "signature",
      passed: false,
      detail: `The anchored document ${cid} is not an origin credential`,
      note: note("certificate-not-credential", { cid }),
    });
  }
  if (credential) {
    const proof = await proofOf(deps, anchor.digest, credential);
    integrity.push({
      id: "signature",
      passed: proof.verified,
      detail: proof.verified
        ? proof.legacy
          ? `Signed by ${credential.issuer.name} (${credential.issuer.id}) with eddsa-jcs-2022, in the earlier proof form (its @context outside the proof): threadproof verifies it, standard verifiers do not`
          : `Signed by ${credential.issuer.name} (${credential.issuer.id}) with eddsa-jcs-2022`
        : `The signature does not verify: ${proof.reason}`,
      ...(proof.verified ? {} : { note: note("certificate-signature-invalid") }),
    });
    const subject = credential.credentialSubject;
    const subjectMatches =
      subject?.certificateId === id &&
      typeof subject.subjectLot?.id === "string" &&
      chainKey(subject.subjectLot.id) === anchor.subjectLotKey &&
      subject.agreement?.id === anchor.fta;
    integrity.push({
      id: "subject",
      passed: subjectMatches,
      detail: subjectMatches
        ? `Covers lot ${subject.subjectLot.id} under ${anchor.fta}, as anchored`
        : "The certificate's id, lot or agreement differs from the anchor's",
      ...(subjectMatches ? {} : { note: note("certificate-anchor-differs") }),
    });
    tampered ||= !proof.verified || !subjectMatches;
  }

  const standing: VerificationCheck[] = [
    {
      id: "not-revoked",
      passed: anchor.revokedAt === null,
      detail: anchor.revokedAt
        ? `Revoked on chain ${anchor.revokedAt.toISOString()}`
        : "The chain holds no revocation",
      ...(anchor.revokedAt
        ? { note: note("certificate-revoked", { at: anchor.revokedAt.toISOString() }) }
        : {}),
    },
  ];
  let expired: boolean | null = null;
  if (credential) {
    const from = Date.parse(credential.validFrom);
    const until = Date.parse(credential.validUntil);
    const within = from <= now.getTime() && now.getTime() < until;
    expired = !within;
    standing.push({
      id: "validity",
      passed: within,
      detail: `Valid from ${credential.validFrom} until ${credential.validUntil}`,
      ...(within
        ? {}
        : {
            note: note("certificate-outside-validity", {
              from: credential.validFrom,
              until: credential.validUntil,
            }),
          }),
    });
  }

  const evidence: VerificationCheck[] = [];
  const { getLot, lotRecord, getFacility } = deps.ledger;
  // Only a certificate that otherwise stands (not revoked, within its validity period) needs its evidence
  // re-derived: a revoked or expired one proves nothing either way, and says so.
  if (
    credential &&
    !tampered &&
    !anchor.revokedAt &&
    expired === false &&
    getLot &&
    lotRecord &&
    getFacility
  ) {
    const outcome = await checkCertificateEvidence(
      {
        ledger: {
          getLot: getLot.bind(deps.ledger),
          lotRecord: lotRecord.bind(deps.ledger),
          getFacility: getFacility.bind(deps.ledger),
        },
        store: deps.store,
        ...(deps.evidence ? { outcomes: deps.evidence } : {}),
      },
      credential,
      anchor.digest,
    );
    evidence.push({
      id: "evidence",
      passed: outcome.passed,
      detail: outcome.detail,
      ...(outcome.note ? { note: outcome.note } : {}),
    });
  }
  const invalid = evidence.some((check) => check.passed === false);

  const unchecked =
    integrity.some((check) => check.passed === null) ||
    evidence.some((check) => check.passed === null) ||
    (!credential && !tampered);
  const verdict: CertificateVerdict = tampered
    ? "tampered"
    : anchor.revokedAt
      ? "revoked"
      : invalid
        ? "invalid"
        : unchecked
          ? "unverified"
          : expired
            ? "expired"
            : "valid";
  return { id, verdict, anchor, cid, credential, problem, integrity, evidence, standing, expired };
}
