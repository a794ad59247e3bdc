/**
 * Origin certificates covering lots of a provenance graph: each is anchored on chain (subject, FTA, digest as
 * the read model indexed them) and its revocation status is read live from the chain on every check (never
 * cached: a revocation must show at once). A revoked certificate is not a failed check: the check verifies the
 * status shown, and the certificate is shown as revoked.
 */
import type { CertificateState, Hex } from "../chain/ledger";
import { chainKey } from "../chain/keys";
import type { Check, CheckStatus } from "./checks";
import { errorDetail, shortHex } from "./checks";
import { fetchRecordBytes } from "./content";
import type { FetchOutcome } from "./content";
import type { ProvenanceDeps } from "./deps";

/** A certificate over one of the lots, as verified now. */
export interface CertificateVerification {
  /** The certificate's string id, or its chain key when no id could be found. */
  id: string;
  certificateKey: Hex;
  subjectLotId: string;
  fta: string;
  digest: Hex;
  status: "valid" | "revoked";
  issuedAt: string;
  revokedAt?: string;
  txHash: Hex;
  /** Whether its anchor checks out (the certificate-anchored check). */
  verified: CheckStatus;
}

interface CertificateRow {
  certificate_key: Hex;
  subject_lot_key: Hex;
  fta: string;
  digest: Hex;
  tx_hash: Hex;
  issued_at: string;
  revoked_at: string | null;
}

/** Every string in a JSON value, a few levels deep (where a certificate document keeps its id). */
function* strings(value: unknown, depth = 0): Generator<string> {
  if (typeof value === "string") yield value;
  else if (depth < 3 && typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) yield* strings(item, depth + 1);
  }
}

/**
 * The certificate document the anchored digest names (a canonical JSON credential stored as a raw block), and
 * the id whose chain key is the certificate's key: from the certificate module if it can tell, else found
 * among the document's strings (e.g. `credentialSubject.certificateId`).
 */
async function certificateDocument(
  deps: ProvenanceDeps,
  row: CertificateRow,
): Promise<{ id: string | null; document: FetchOutcome }> {
  const document = await fetchRecordBytes(deps.store, row.digest);
  let id =
    deps.caches.certificateIds.get(row.certificate_key) ??
    deps.certificateIdOf?.(row.certificate_key) ??
    null;
  if (!id && document.status === "passed") {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(document.bytes));
      for (const candidate of strings(parsed)) {
        if (candidate.length <= 200 && chainKey(candidate) === row.certificate_key) {
          id = candidate;
          break;
        }
      }
    } catch {
      // not JSON: the id stays unknown
    }
  }
  if (id) deps.caches.certificateIds.set(row.certificate_key, id);
  return { id, document };
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
  const byKey = new Map([...lots].map(([id, key]) => [key.toLowerCase(), id]));
  const keys = [...byKey.keys()];
  if (keys.length === 0) return { certificates: [], checks: [] };
  const rows = deps.indexDb
    .prepare(
      `SELECT certificate_key, subject_lot_key, fta, digest, tx_hash, issued_at, revoked_at FROM certificates
       WHERE subject_lot_key IN (${keys.map(() => "?").join(",")}) ORDER BY block_number, certificate_key`,
    )
    .all(...keys) as CertificateRow[];

  const certificates: CertificateVerification[] = [];
  const checks: Check[] = [];
  for (const row of rows) {
    const { id, document } = await certificateDocument(deps, row);
    const subject = id ?? row.certificate_key;
    const anchored: Check = {
      id: `certificate-anchored:${subject}`,
      kind: "certificate-anchored",
      subject,
      status: "passed",
    };
    const status: Check = {
      id: `certificate-status:${subject}`,
      kind: "certificate-status",
      subject,
      status: "passed",
    };
    let revokedAt = row.revoked_at;
    if (id) {
      let chain: CertificateState | null = null;
      try {
        chain = await deps.ledger.getCertificate(id);
        if (!chain) {
          anchored.status = "failed";
          anchored.detail = "not anchored on chain";
        } else if (chain.digest.toLowerCase() !== row.digest.toLowerCase()) {
          anchored.status = "failed";
          anchored.detail = `digest ${shortHex(chain.digest)} on chain, ${shortHex(row.digest)} indexed`;
        } else if (chain.subjectLotKey.toLowerCase() !== row.subject_lot_key.toLowerCase()) {
          anchored.status = "failed";
          anchored.detail = "the chain names another subject lot";
        } else if (document.status !== "passed") {
          anchored.status = document.status;
          anchored.detail = `certificate document: ${document.detail}`;
        } else {
          anchored.detail = `digest ${shortHex(chain.digest)}, document in IPFS matches`;
        }
      } catch (error) {
        anchored.status = status.status = "unavailable";
        anchored.detail = status.detail = `the chain did not answer: ${errorDetail(error)}`;
      }
      if (chain) {
        revokedAt = chain.revokedAt ? chain.revokedAt.toISOString() : null;
        status.detail = revokedAt ? `revoked on chain at ${revokedAt}` : "not revoked on chain";
      } else if (anchored.status === "failed") {
        status.status = "failed";
        status.detail = "no certificate on chain to read a status from";
      }
    } else {
      // The read model's row comes from the chain's CertificateAnchored/Revoked events (kept current by the
      // indexer); without the string id the contract cannot be asked directly.
      if (document.status !== "passed") {
        anchored.status = document.status;
        anchored.detail = `certificate document: ${document.detail}`;
      } else anchored.detail = "from the indexed CertificateAnchored event (certificate id unknown)";
      status.detail = revokedAt ? `revoked at ${revokedAt} (indexed)` : "not revoked (indexed)";
    }
    checks.push(anchored, status);
    certificates.push({
      id: subject,
      certificateKey: row.certificate_key,
      subjectLotId: byKey.get(row.subject_lot_key.toLowerCase()) ?? row.subject_lot_key,
      fta: row.fta,
      digest: row.digest,
      status: revokedAt ? "revoked" : "valid",
      issuedAt: row.issued_at,
      ...(revokedAt ? { revokedAt } : {}),
      txHash: row.tx_hash,
      verified: anchored.status,
    });
  }
  return { certificates, checks };
}
