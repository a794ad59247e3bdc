/**
 * A certifier's certificates for one subject under one agreement, each with the one certificate status, and
 * which replaces which. Issuing reads it to keep at most one valid certificate per subject, agreement and
 * certifier, and to find again a certificate that a request anchored just before a crash.
 *
 * The read model lists the candidates (it is an index here); each one counts only when IPFS gives its
 * credential intact for the anchored digest, the credential names the certificate the chain anchors under that
 * key, its proof verifies, and its issuer is this certifier (its id and one of its keys).
 */
import { chainKey } from "../chain/keys";
import { UnavailableError, hasCode } from "../errors";
import { certificatesOfSubject } from "../read-model/certificates";
import type { IndexDatabase } from "../read-model/database";
import { getRecord, isUnreadableRecord } from "../records";
import type { OriginCredential } from "./anchored";
import { isOriginCredential, issuerCertifierId } from "./anchored";
import { certificateStatus } from "./status";
import type { CertificateStatus, CertificateStatusDeps } from "./status";

export interface StandingCertificate {
  id: string;
  status: CertificateStatus;
  credential: OriginCredential;
  /** The certificate this one says it replaces (`credentialSubject.replaces`), or null. */
  replaces: string | null;
}

export interface StandingQuery {
  subjectId: string;
  fta: string;
  certifierId: string;
  /** The certifier's `did:key`s: a credential counts only when one of them signed it. */
  dids: readonly string[];
}

/** The id a credential says it replaces, or null. */
export function replacedBy(credential: OriginCredential): string | null {
  const replaces = credential.credentialSubject.replaces as { certificateId?: unknown } | undefined;
  return typeof replaces?.certificateId === "string" ? replaces.certificateId : null;
}

/** Whether `credential` was issued by the certifier `certifierId` with one of its keys `dids`. */
export function isIssuedBy(
  credential: OriginCredential,
  certifierId: string,
  dids: readonly string[],
): boolean {
  return issuerCertifierId(credential) === certifierId && dids.includes(credential.issuer.id);
}

/**
 * The certifier's genuine certificates (not tampered) for `query.subjectId` under `query.fta`, oldest first.
 * UNAVAILABLE when a candidate cannot be read now: whether it is this certifier's valid certificate is then
 * unknown, and issuing must not guess.
 */
export async function standingCertificates(
  deps: CertificateStatusDeps & { indexDb: IndexDatabase },
  query: StandingQuery,
  now: Date,
): Promise<StandingCertificate[]> {
  const rows = certificatesOfSubject(deps.indexDb, query.subjectId)
    .filter((row) => row.fta === query.fta)
    .reverse();
  const found: StandingCertificate[] = [];
  for (const row of rows) {
    let record: unknown;
    try {
      record = (await getRecord(deps.store, row.digest)).record;
    } catch (error) {
      // Bytes that do not match the anchor, or are no JSON, are no certificate of anyone's.
      if (hasCode(error, "RECORD_DIGEST_MISMATCH") || hasCode(error, "NOT_A_RECORD")) continue;
      if (isUnreadableRecord(error) || hasCode(error, "UNAVAILABLE"))
        throw new UnavailableError(
          `A certificate anchored for '${query.subjectId}' cannot be read now, so whether one is valid already is unknown; nothing was issued`,
          { cause: error, details: { subjectId: query.subjectId, digest: row.digest } },
        );
      throw error;
    }
    if (!isOriginCredential(record)) continue;
    const id = record.credentialSubject.certificateId;
    if (typeof id !== "string" || chainKey(id) !== row.certificateKey) continue;
    if (!isIssuedBy(record, query.certifierId, query.dids)) continue;
    const status = await certificateStatus(deps, id, now);
    if (status.verdict === "tampered" || !status.credential) continue;
    found.push({ id, status, credential: status.credential, replaces: replacedBy(status.credential) });
  }
  return found;
}
