/**
 * A certificate as the chain anchors it: the anchor (subject, agreement, digest, revocation) and the signed
 * origin credential the digest names in IPFS, read back and checked against the digest.
 */
import type { CertificateState, Ledger } from "../chain/ledger";
import { NotFoundError, hasCode } from "../errors";
import type { DocumentStore } from "../ipfs";
import type { OriginAssessment } from "../origin/assessment";
import { cidFromDigest, getRecord } from "../records";
import { CertificateUnreadableError } from "./errors";

/** A signed origin credential as JSON. */
export type OriginCredential = Record<string, unknown> & {
  id: string;
  /** `certifierId` in certificates issued before the UNTP shape; `issuerAlsoKnownAs` since. */
  issuer: {
    id: string;
    name: string;
    certifierId?: string;
    issuerAlsoKnownAs?: { id: string; name: string; registeredId?: string }[];
  };
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

export interface AnchoredCertificate {
  anchor: CertificateState;
  cid: string;
  /** The credential, when IPFS gave bytes that hash to the anchored digest. */
  credential: OriginCredential | null;
  /** Why the credential is null: the store lacks it, its bytes do not match the anchor, or they are no credential. */
  problem: "unavailable" | "digest-mismatch" | "not-a-credential" | null;
}

/** The id of the certifier in the service's register that a credential names as its issuer, or null. */
export function issuerCertifierId(credential: Pick<OriginCredential, "issuer">): string | null {
  const { certifierId, issuerAlsoKnownAs } = credential.issuer;
  if (typeof certifierId === "string") return certifierId;
  const registered = Array.isArray(issuerAlsoKnownAs)
    ? issuerAlsoKnownAs.find((entry) => typeof entry?.registeredId === "string")
    : undefined;
  return registered?.registeredId ?? null;
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
  deps: { ledger: Pick<Ledger, "getCertificate">; store: Pick<DocumentStore, "get"> },
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
  deps: { ledger: Pick<Ledger, "getCertificate">; store: Pick<DocumentStore, "get"> },
  id: string,
): Promise<{ anchor: CertificateState; cid: string; credential: OriginCredential }> {
  const read = await readAnchoredCertificate(deps, id);
  if (!read.credential) throw new CertificateUnreadableError(id);
  return { anchor: read.anchor, cid: read.cid, credential: read.credential };
}
