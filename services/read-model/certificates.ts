/**
 * Reads of the certificates table: what the chain's CertificateAnchored and CertificateRevoked events said,
 * by certificate key or subject lot key. The chain stays the judge of a certificate's status; these rows say
 * which certificates exist for a lot and where their documents are.
 */
import { chainKey } from "../chain/keys";
import type { Hex } from "../chain/ledger";
import { oncePer } from "../support/once-per";
import type { IndexDatabase } from "./database";

/** A certificate as the read model indexed it. */
export interface IndexedCertificate {
  certificateKey: Hex;
  subjectLotKey: Hex;
  fta: string;
  digest: Hex;
  txHash: Hex;
  blockNumber: number;
  issuedAt: string;
  revokedAt: string | null;
  revocationReasonDigest: Hex | null;
  revocationTxHash: Hex | null;
}

interface CertificateRow {
  certificate_key: Hex;
  subject_lot_key: Hex;
  fta: string;
  digest: Hex;
  tx_hash: Hex;
  block_number: number;
  issued_at: string;
  revoked_at: string | null;
  revocation_reason_digest: Hex | null;
  revocation_tx_hash: Hex | null;
}

const COLUMNS =
  "certificate_key, subject_lot_key, fta, digest, tx_hash, block_number, issued_at, revoked_at, revocation_reason_digest, revocation_tx_hash";

const statements = oncePer((db: IndexDatabase) => ({
  byKey: db.prepare<[Hex], CertificateRow>(`SELECT ${COLUMNS} FROM certificates WHERE certificate_key = ?`),
  ofSubject: db.prepare<[Hex], CertificateRow>(
    `SELECT ${COLUMNS} FROM certificates WHERE subject_lot_key = ? ORDER BY block_number DESC`,
  ),
  // One statement for any number of subjects: the keys come as one JSON array.
  ofSubjects: db.prepare<[string], CertificateRow>(
    `SELECT ${COLUMNS} FROM certificates WHERE subject_lot_key IN (SELECT value FROM json_each(?))
     ORDER BY block_number, certificate_key`,
  ),
}));

function toCertificate(row: CertificateRow): IndexedCertificate {
  return {
    certificateKey: row.certificate_key,
    subjectLotKey: row.subject_lot_key,
    fta: row.fta,
    digest: row.digest,
    txHash: row.tx_hash,
    blockNumber: row.block_number,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revocationReasonDigest: row.revocation_reason_digest,
    revocationTxHash: row.revocation_tx_hash,
  };
}

/** Certificate `id` as indexed, or null until the indexer has seen its anchor. */
export function findCertificate(db: IndexDatabase, id: string): IndexedCertificate | null {
  const row = statements(db).byKey.get(chainKey(id));
  return row ? toCertificate(row) : null;
}

/** The certificates whose subject is lot `lotId`, newest first. */
export function certificatesOfSubject(db: IndexDatabase, lotId: string): IndexedCertificate[] {
  return statements(db).ofSubject.all(chainKey(lotId)).map(toCertificate);
}

/** The certificates whose subject is any of `lotKeys` (chain keys), oldest first. */
export function certificatesOfSubjects(db: IndexDatabase, lotKeys: readonly Hex[]): IndexedCertificate[] {
  if (lotKeys.length === 0) return [];
  return statements(db).ofSubjects.all(JSON.stringify(lotKeys)).map(toCertificate);
}
