/**
 * Stable codes for what a check, a certificate or a kept EPCIS event found, beside the engine's English
 * `detail` (kept for the JSON API and logs). The buyer's page words each code in its own language from the
 * code and its parameters (web/i18n/notes.ts), never from the English; test/services/web/notes.test.ts fails
 * when a code lacks its words in a page language. A caught error's message is never a parameter: it stays in
 * the English detail.
 */
export const CHECK_NOTE_CODES = [
  // IPFS content, checked against a recorded hash.
  "ipfs-missing",
  "ipfs-unreachable",
  "content-hash-mismatch",
  // The chain.
  "chain-unreachable",
  "chain-archive-mismatch",
  // A lot's event record and signature.
  "lot-not-on-chain",
  "chain-record-differs",
  "chain-digest-unreadable",
  "record-not-object",
  "record-names-other-lot",
  "record-wrong-type",
  "record-gtin-mismatch",
  "record-unchecked",
  "record-names-no-facility",
  "signer-mismatch",
  "facility-unchecked",
  "read-model-differs",
  "chain-only-fields",
  "chain-copy-unreadable",
  // A batch's garments.
  "no-garment-commitment",
  "no-garment-manifest",
  "manifest-unreadable",
  "manifest-root-mismatch",
  "no-code-scanned",
  "no-verified-manifest",
  "code-mismatch",
  "code-refused",
  // A facility's record.
  "facility-record-not-json",
  "facility-record-not-object",
  "facility-not-registered",
  "facility-record-names-other",
  "facility-record-differs",
  "facility-suspended",
  // A document.
  "document-not-yet-checked",
  // A certificate.
  "certificate-digest-differs",
  "certificate-subject-differs",
  "certificate-agreement-differs",
  "certificate-unread-for-evidence",
  "certificate-not-anchored",
  "certificate-no-status",
  "certificate-unchecked",
  "certificate-validity-unknown",
  "certificate-document-unavailable",
  "certificate-document-mismatch",
  "certificate-not-credential",
  "certificate-signature-invalid",
  "certificate-anchor-differs",
  "certificate-revoked",
  "certificate-outside-validity",
  // A certificate's evidence and assessment.
  "evidence-none-cited",
  "evidence-lot-not-on-chain",
  "evidence-record-not-chain",
  "evidence-record-changed",
  "evidence-record-unreadable",
  "evidence-unreadable",
  "evidence-subject-missing",
  "evidence-no-facts",
  "evidence-facts-missing",
  "evidence-facts-invalid",
  "evidence-facts-differ",
  "evidence-not-originating",
  "assessment-not-confirmed",
  "assessment-facts-invalid",
  "assessment-not-originating-today",
  // A kept EPCIS event.
  "event-record-too-large",
  "event-record-not-event",
  "event-record-unreadable",
  "event-hash-not-reproduced",
  "event-proof-invalid",
  "event-capture-not-committed",
  "event-capture-root-differs",
  "event-capture-other-facility",
] as const;

export type CheckNoteCode = (typeof CHECK_NOTE_CODES)[number];

/** Hashes, ids and counts a note names; never free text from an error. */
export type CheckNoteParams = Readonly<Record<string, string | number>>;

/** What was found, as a code the page words in its own language and the values it names. */
export interface CheckNote {
  code: CheckNoteCode;
  params?: CheckNoteParams;
}

/**
 * A note, its parameters left out when there are none.
 * @example note("code-mismatch", { serial: "17" }) // { code: "code-mismatch", params: { serial: "17" } }
 */
export function note(code: CheckNoteCode, params?: CheckNoteParams): CheckNote {
  return params ? { code, params } : { code };
}
