/**
 * Named verification checks and the one verdict they add up to. The viewer (web/view-model) has the same
 * shapes, which the HTTP page models fill from these, so the JSON a machine reads and the page a person reads
 * say the same thing.
 */
import type { CheckNote } from "./check-notes";

/**
 * The one-word answer: `authentic` (every check passed), `unverified` (nothing contradicts the chain, but a
 * check could not be made now) or `tampered` (a check failed: something contradicts what the chain holds).
 */
export type Verdict = "authentic" | "unverified" | "tampered";

/** The outcome of one check: `unavailable` means it could not be made now, not that it failed. */
export type CheckStatus = "passed" | "failed" | "unavailable";

/**
 * What a check verified, about its `subject`: `chain-record` (the lot is on chain), `record-digest` (its IPFS
 * event record hashes to the chain's digest), `facility-signature` (its event is signed by its facility's
 * registered key), `document-hash` (the document is retrievable and matches its hash), `garment-manifest`
 * (the batch's garment list rebuilds the Merkle root on chain), `garment-code` (serial and code prove against
 * that root), `certificate-anchored` (the certificate is anchored, matches its digest and is signed by its
 * issuer), `certificate-status` (its revocation and validity period are as shown), `record-fields` (what is
 * shown of the lot is what its checked record and the chain say; the read model's copy is compared field by
 * field), `facility-record` (the facility's name comes from its metadata record, which hashes to the chain's
 * metadata digest; its country is the chain's), `facility-standing` (the facility is not suspended on chain),
 * `certificate-evidence` (the certificate's facts are what its evidence records give), `other` (see `label`).
 */
export type CheckKind =
  | "chain-record"
  | "record-digest"
  | "facility-signature"
  | "document-hash"
  | "garment-manifest"
  | "garment-code"
  | "certificate-anchored"
  | "certificate-status"
  | "certificate-evidence"
  | "record-fields"
  | "facility-record"
  | "facility-standing"
  | "other";

/** One named verification check. */
export interface Check {
  /** Stable id, e.g. `record-digest:SEW-0001`. */
  id: string;
  kind: CheckKind;
  /** The lot id, document type or certificate id the check is about. */
  subject?: string;
  /** For kind `other`, and as a fallback: what was checked, in English. */
  label?: string;
  status: CheckStatus;
  /** Short technical explanation, e.g. `digest 0x12… ≠ 0x9a…` or `IPFS timed out`. */
  detail?: string;
  /** What `detail` says, as a stable code and its values, for the page to word in its language. */
  note?: CheckNote;
}

/**
 * The verdict over a set of checks: any failed check means the records contradict the chain (`tampered`);
 * otherwise anything that could not be checked now leaves it `unverified`; otherwise `authentic`.
 * An empty list proves nothing: `unverified`.
 */
export function verdictOf(checks: readonly Pick<Check, "status">[]): Verdict {
  if (checks.some((check) => check.status === "failed")) return "tampered";
  if (checks.length === 0 || checks.some((check) => check.status === "unavailable")) return "unverified";
  return "authentic";
}

/** The worst status among `checks` (failed, then unavailable, then passed); passed for none. */
export function worstStatus(checks: readonly Pick<Check, "status">[]): CheckStatus {
  if (checks.some((check) => check.status === "failed")) return "failed";
  if (checks.some((check) => check.status === "unavailable")) return "unavailable";
  return "passed";
}

/** A short message for a caught error, without stack or internals; never carries secrets (no URLs with keys). */
export function errorDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return `${typeof code === "string" ? `${code}: ` : ""}${message}`.slice(0, 200);
}

/** `0x1234…abcd`: enough of a hash to tell two apart in a detail line. */
export function shortHex(value: string): string {
  return value.length > 16 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
}
