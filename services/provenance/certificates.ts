/**
 * Origin certificates covering lots of a provenance graph. The read model lists the certificates anchored for
 * the lots; each is then judged by the certificates' one status function (anchor, digest, signature,
 * subject, revocation, validity — read live from the chain and IPFS on every check, never cached: a
 * revocation must show at once). A revoked or expired certificate is not a failed check: the check verifies
 * the status shown, and the certificate is shown as revoked or expired.
 */
import type { Hex } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import { hasCode } from "../errors";
import { certificateStatus } from "../certificates/status";
import type { CertificateStatus, VerificationCheck } from "../certificates/status";
import { certificatesOfSubjects } from "../read-model/certificates";
import type { IndexedCertificate } from "../read-model/certificates";
import type { Check, CheckStatus } from "./checks";
import { errorDetail, shortHex, worstStatus } from "./checks";
import { fetchRecordBytes } from "./content";
import type { FetchOutcome } from "./content";
import type { ProvenanceDeps } from "./deps";
import { note } from "./check-notes";
import type { CheckNote } from "./check-notes";

/** A certificate over one of the lots, as verified now. */
export interface CertificateVerification {
  /** The certificate's string id, or its chain key when no id could be found. */
  id: string;
  certificateKey: Hex;
  subjectLotId: string;
  fta: string;
  digest: Hex;
  /**
   * Revoked on chain; else invalid (its facts are not what its evidence gives, or it does not match its
   * anchor); else expired (outside its validity period); else valid.
   */
  status: "valid" | "revoked" | "expired" | "invalid" | "unverified";
  /** Why it is invalid or could not be fully checked. */
  reason?: string;
  /** `reason` as a stable code, for the page to word in its language. */
  reasonNote?: CheckNote;
  issuedAt: string;
  revokedAt?: string;
  /** The start of its validity period, when its credential could be read. */
  validFrom?: string;
  /** The end of its validity period, when its credential could be read. */
  validUntil?: string;
  /**
   * The certifier as its credential names it, given only when the certificate-anchored check passed (the
   * signature verified against this DID): a name nobody's key vouches for is never shown as the certifier.
   */
  issuer?: { id: string; name?: string };
  /** The country of import its credential names, when it could be read. */
  importingCountry?: string;
  txHash: Hex;
  /** Whether it is what was anchored: anchor, digest, signature and subject (the certificate-anchored check). */
  verified: CheckStatus;
}

/** Every string in a JSON value, a few levels deep (where a certificate document keeps its id). */
function* strings(value: unknown, depth = 0): Generator<string> {
  if (typeof value === "string") yield value;
  else if (depth < 3 && typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) yield* strings(item, depth + 1);
  }
}

/**
 * The id whose chain key is the certificate's key: remembered, or from the certificate module if it can tell,
 * else found among the strings of the document the anchored digest names (e.g.
 * `credentialSubject.certificateId`). The document is fetched only then, and returned.
 */
async function certificateId(
  deps: ProvenanceDeps,
  row: IndexedCertificate,
): Promise<{ id: string | null; document?: FetchOutcome }> {
  const known =
    deps.caches.certificateIds.get(row.certificateKey) ?? deps.certificateIdOf?.(row.certificateKey) ?? null;
  if (known) {
    deps.caches.certificateIds.set(row.certificateKey, known);
    return { id: known };
  }
  const document = await fetchRecordBytes(deps.store, row.digest);
  let id: string | null = null;
  if (document.status === "passed") {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(document.bytes));
      for (const candidate of strings(parsed)) {
        if (candidate.length <= 200 && chainKey(candidate) === row.certificateKey) {
          id = candidate;
          break;
        }
      }
    } catch {
      // not JSON: the id stays unknown
    }
  }
  if (id) deps.caches.certificateIds.set(row.certificateKey, id);
  return { id, document };
}

/** The issuer's DID and, when the credential gives one, its name. */
function issuerOf(credential: NonNullable<CertificateStatus["credential"]>): { id: string; name?: string } {
  const { id, name } = credential.issuer;
  return typeof name === "string" && name.trim() ? { id, name } : { id };
}

const statusOfCheck = (check: VerificationCheck): CheckStatus =>
  check.passed === null ? "unavailable" : check.passed ? "passed" : "failed";

/** The certificate-anchored check from the status's integrity checks and the read model's row. */
function anchoredFrom(
  status: CertificateStatus,
  row: IndexedCertificate,
): Pick<Check, "status" | "detail" | "note"> {
  const chain = status.anchor;
  if (chain.digest.toLowerCase() !== row.digest.toLowerCase())
    return {
      status: "failed",
      detail: `digest ${shortHex(chain.digest)} on chain, ${shortHex(row.digest)} indexed`,
      note: note("certificate-digest-differs", {
        chain: shortHex(chain.digest),
        indexed: shortHex(row.digest),
      }),
    };
  if (chain.subjectLotKey.toLowerCase() !== row.subjectLotKey.toLowerCase())
    return {
      status: "failed",
      detail: "the chain names another subject lot",
      note: note("certificate-subject-differs"),
    };
  if (chain.fta !== row.fta)
    return {
      status: "failed",
      detail: `agreement ${chain.fta} on chain, ${row.fta} indexed`,
      note: note("certificate-agreement-differs", { chain: chain.fta, indexed: row.fta }),
    };
  const statuses = status.integrity.map((check) => ({ check, status: statusOfCheck(check) }));
  const worst = worstStatus(statuses);
  if (worst !== "passed") {
    const { detail, note: found } = statuses.find((s) => s.status === worst)!.check;
    return { status: worst, detail, ...(found ? { note: found } : {}) };
  }
  return {
    status: "passed",
    detail: `digest ${shortHex(chain.digest)}, document in IPFS matches, signed by ${status.credential!.issuer.id}`,
  };
}

/** The certificate-status check: revocation from the chain, validity from the credential. */
function standingFrom(status: CertificateStatus): Pick<Check, "status" | "detail" | "note"> {
  const revokedAt = status.anchor.revokedAt?.toISOString();
  if (revokedAt) return { status: "passed", detail: `revoked on chain at ${revokedAt}` };
  const credential = status.credential;
  if (!credential)
    return {
      status: "unavailable",
      detail: "not revoked on chain; the validity period is unknown without the certificate document",
      note: note("certificate-validity-unknown"),
    };
  return {
    status: "passed",
    detail: status.expired
      ? `expired: valid from ${credential.validFrom} until ${credential.validUntil}; not revoked on chain`
      : `not revoked on chain; valid until ${credential.validUntil}`,
  };
}

/**
 * Checks the certificates whose subject is one of `lots` (id → chain key).
 *
 * @example
 * const { certificates, checks } = await verifyCertificates(deps, new Map([["SEW-0001", chainKey("SEW-0001")]]));
 */
export async function verifyCertificates(
  deps: ProvenanceDeps,
  lots: ReadonlyMap<string, Hex>,
): Promise<{ certificates: CertificateVerification[]; checks: Check[] }> {
  const byKey = new Map([...lots].map(([id, key]) => [key.toLowerCase() as Hex, id]));
  const rows = certificatesOfSubjects(deps.indexDb, [...byKey.keys()]);
  const now = deps.now?.() ?? new Date();
  const statusDeps = {
    ledger: deps.ledger,
    store: deps.store,
    proofs: deps.caches.certificateProofs,
    evidence: deps.caches.certificateEvidence,
    ...(deps.certifierKeys ? { certifierKeys: deps.certifierKeys } : {}),
    ...(deps.publicBaseUrl !== undefined ? { publicBaseUrl: deps.publicBaseUrl } : {}),
  };

  const certificates: CertificateVerification[] = [];
  const checks: Check[] = [];
  for (const row of rows) {
    const { id, document } = await certificateId(deps, row);
    const subject = id ?? row.certificateKey;
    const anchored: Check = {
      id: `certificate-anchored:${subject}`,
      kind: "certificate-anchored",
      subject,
      status: "passed",
    };
    const standing: Check = {
      id: `certificate-status:${subject}`,
      kind: "certificate-status",
      subject,
      status: "passed",
    };
    const evidence: Check = {
      id: `certificate-evidence:${subject}`,
      kind: "certificate-evidence",
      subject,
      status: "unavailable",
      detail: "the certificate could not be read to check it against its evidence",
      note: note("certificate-unread-for-evidence"),
    };
    // Fail closed: until the chain and the credential are read, nothing is shown as valid.
    let shown: Pick<
      CertificateVerification,
      | "status"
      | "revokedAt"
      | "validFrom"
      | "validUntil"
      | "reason"
      | "reasonNote"
      | "issuer"
      | "importingCountry"
    > & {
      anchor?: CertificateStatus["anchor"];
    } = {
      status: row.revokedAt ? "revoked" : "unverified",
      ...(row.revokedAt
        ? { revokedAt: row.revokedAt }
        : { reason: "it could not be checked now", reasonNote: note("certificate-unchecked") }),
    };
    if (id) {
      try {
        const status = await certificateStatus(statusDeps, id, now);
        Object.assign(anchored, anchoredFrom(status, row));
        Object.assign(standing, standingFrom(status));
        const revokedAt = status.anchor.revokedAt?.toISOString();
        const checkedEvidence = status.evidence[0];
        if (checkedEvidence) {
          evidence.status = statusOfCheck(checkedEvidence);
          evidence.detail = checkedEvidence.detail;
          if (checkedEvidence.note) evidence.note = checkedEvidence.note;
        } else if (status.credential && (revokedAt || status.expired)) {
          evidence.status = "passed";
          evidence.detail = "not re-derived: a revoked or expired certificate proves nothing either way";
        } else if (status.verdict === "tampered") {
          evidence.status = "passed";
          evidence.detail = "not re-derived: the certificate does not match its anchor";
        }
        const failed = [...status.integrity, ...status.evidence].find((check) => check.passed !== true);
        const invalid = status.verdict === "invalid" || status.verdict === "tampered";
        shown = {
          anchor: status.anchor,
          status: revokedAt
            ? "revoked"
            : invalid
              ? "invalid"
              : status.verdict === "unverified"
                ? "unverified"
                : status.expired
                  ? "expired"
                  : "valid",
          ...(revokedAt ? { revokedAt } : {}),
          ...(status.credential
            ? {
                validFrom: status.credential.validFrom,
                validUntil: status.credential.validUntil,
                importingCountry: status.credential.credentialSubject.importingCountry,
              }
            : {}),
          ...(status.credential && anchored.status === "passed"
            ? { issuer: issuerOf(status.credential) }
            : {}),
          ...(failed && status.verdict !== "valid" && status.verdict !== "expired"
            ? { reason: failed.detail, ...(failed.note ? { reasonNote: failed.note } : {}) }
            : {}),
        };
      } catch (error) {
        if (hasCode(error, "NOT_FOUND")) {
          anchored.status = standing.status = "failed";
          anchored.detail = "not anchored on chain";
          standing.detail = "no certificate on chain to read a status from";
          anchored.note = note("certificate-not-anchored");
          standing.note = note("certificate-no-status");
        } else {
          anchored.status = standing.status = "unavailable";
          anchored.detail = standing.detail = `could not be checked now: ${errorDetail(error)}`;
          anchored.note = standing.note = note("certificate-unchecked");
        }
      }
    } else {
      // The read model's row comes from the chain's CertificateAnchored/Revoked events (kept current by the
      // indexer); without the string id the contract cannot be asked directly.
      if (document && document.status !== "passed") {
        anchored.status = document.status;
        anchored.detail = `certificate document: ${document.detail}`;
        anchored.note = document.note;
      } else anchored.detail = "from the indexed CertificateAnchored event (certificate id unknown)";
      standing.detail = row.revokedAt ? `revoked at ${row.revokedAt} (indexed)` : "not revoked (indexed)";
    }
    // A certificate whose evidence no longer gives its facts is shown as invalid, not as a contradiction of the
    // garment's own records: the check says what it is, the certificate's status says invalid.
    if (evidence.status === "failed") evidence.status = "passed";
    checks.push(anchored, standing, evidence);
    certificates.push({
      id: subject,
      certificateKey: row.certificateKey,
      subjectLotId: byKey.get(row.subjectLotKey.toLowerCase() as Hex) ?? row.subjectLotKey,
      // From the chain when it answered; the read model's row only found the certificate.
      fta: shown.anchor?.fta ?? row.fta,
      digest: shown.anchor?.digest ?? row.digest,
      status: shown.status,
      issuedAt: shown.anchor?.issuedAt.toISOString() ?? row.issuedAt,
      ...(shown.revokedAt ? { revokedAt: shown.revokedAt } : {}),
      ...(shown.validFrom ? { validFrom: shown.validFrom } : {}),
      ...(shown.validUntil ? { validUntil: shown.validUntil } : {}),
      ...(shown.issuer ? { issuer: shown.issuer } : {}),
      ...(shown.importingCountry ? { importingCountry: shown.importingCountry } : {}),
      txHash: row.txHash,
      verified: anchored.status,
      ...(shown.reason ? { reason: shown.reason } : {}),
      ...(shown.reasonNote ? { reasonNote: shown.reasonNote } : {}),
    });
  }
  return { certificates, checks };
}
