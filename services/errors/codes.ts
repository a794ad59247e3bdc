/**
 * Every error code threadproof answers with, and what it means. Callers, clients and tests rely on these codes,
 * never on message text. Which HTTP status a code answers with is the HTTP layer's business
 * (`services/http/error-status.ts`), and the compiler checks that every code here has one.
 */
export const ERROR_CODES = {
  // Requests
  VALIDATION_FAILED: "The request is invalid; details.fields names each bad field",
  INVALID_JSON: "The body is not valid JSON",
  BAD_REQUEST: "The request is malformed (a broken multipart body, bad URL encoding)",
  UNSUPPORTED_MEDIA_TYPE: "The body's media type, encoding or charset is not accepted",
  PAYLOAD_TOO_LARGE: "The body or upload exceeds its limit (details.limitBytes)",
  DOCUMENTS_TOO_MANY: "An event cites more documents than allowed (details.limit, count)",
  DOCUMENTS_TOO_LARGE:
    "The documents a lot's record cites exceed their total size limit (details.limitBytes, totalBytes)",
  IMPLAUSIBLE_YIELD:
    "A cutting or sewing makes more than its inputs plausibly can (details.limit, maximum, requested)",
  INVALID_CID: "A value that should be a CID is not one",
  INVALID_RECORD_REFERENCE: "A value is neither a raw sha2-256 CID nor a sha-256 digest",
  INVALID_GTIN: "Not a GTIN-8/12/13/14 with a valid check digit",
  INVALID_DIGITAL_LINK: "Not a GS1 Digital Link path this resolver understands",
  QR_DATA_INVALID: "The data cannot be encoded as a QR code",
  IDEMPOTENCY_KEY_REUSED: "The Idempotency-Key was used before with another request",
  // Who may do what
  UNAUTHENTICATED: "No API key, or an unknown or revoked one",
  FORBIDDEN: "The API key may not do this",
  FACILITY_SUSPENDED: "The facility is suspended by the programme operator",
  QUOTA_EXCEEDED:
    "The key used up a daily quota (details.quota, limit, used, requested, resetsAt); wait for the reset",
  FACILITY_ROLE_MISSING: "The facility is not registered for this role",
  GTIN_NOT_AUTHORIZED:
    "The GTIN is not under any GS1 company prefix the operator registered for the facility",
  INVALID_SIGNATURE: "The operation's EIP-712 signature is not the facility's registered key",
  RATE_LIMITED: "Too many requests from this client; slow down",
  // What exists
  NOT_FOUND: "The named resource does not exist",
  ROUTE_NOT_FOUND: "No such route",
  // Conflicts with recorded state
  DUPLICATE_ID: "The id is taken already",
  INSUFFICIENT_QUANTITY: "Consuming more of a lot than remains (details carry the amounts)",
  WRONG_LOT_KIND: "A lot of another kind than the operation consumes",
  UNIT_MISMATCH: "A quantity in another unit than the lot is counted in",
  CHAIN_REJECTED: "The chain refused the operation for another reason",
  CHAIN_ARCHIVE_MISMATCH: "The service's kept copy of a chain record does not match chain state",
  GTIN_MISSING: "The garment batch has no product GTIN",
  DATA_DIR_IN_USE: "Another running service holds the data directory",
  // Rules of origin and certificates
  INVALID_ORIGIN_SUBJECT: "The subject is not a garment batch or shipment",
  MIXED_PRODUCTS: "The subject mixes garments of different products",
  MIXED_ORIGINS: "The subject mixes garments whose provenance differs",
  PROVENANCE_TOO_COMPLEX: "The subject has too many upstream paths to assess",
  PROVENANCE_TAMPERED:
    "A record of the subject's provenance, or the read model's copy of it, contradicts the chain; details.failed names the checks",
  PROVENANCE_UNVERIFIED:
    "Part of the subject's provenance could not be checked against the chain now; details.unavailable names the checks",
  CONFLICTS_WITH_PROVENANCE: "A fact given in the request contradicts the recorded provenance",
  DERIVED_FACTS_INVALID: "The facts derived from the provenance are not valid origin facts",
  NOT_ORIGINATING: "The assessment is not originating: no certificate",
  INSUFFICIENT_DATA: "The provenance lacks facts the rule needs: no certificate",
  PROVISIONAL_RULE: "The agreement's rule table is not confirmed: it assesses but does not certify",
  ASSESSMENT_STALE: "The cited assessment is not what the provenance and rule tables give now",
  EVIDENCE_UNAVAILABLE: "An evidence record or document could not be read",
  CERTIFICATE_REVOKED: "The certificate is revoked already",
  CERTIFICATE_EXISTS:
    "A valid certificate of this certifier covers the subject under the agreement (details.validCertificateId): supersede it explicitly",
  CERTIFICATE_NOT_SUPERSEDABLE:
    "The certificate named to supersede or re-issue is not a standing certificate of this certifier for the subject and agreement",
  INVALID_CERTIFICATE_SUBJECT: "The chain knows no such subject lot for a certificate",
  STATUS_LIST_STALE:
    "The chain anchors this version of the status list or a later one already (details.anchoredVersion)",
  STATUS_LIST_NOT_ISSUER: "The status list belongs to another certifier on chain",
  // Integrity and dependencies
  RECORD_DIGEST_MISMATCH: "A record's bytes do not match the digest that names them",
  CONTENT_HASH_MISMATCH: "An IPFS object's bytes do not match the hash that names them",
  NOT_A_RECORD: "The IPFS object is not a JSON record",
  CERTIFICATE_UNREADABLE: "A certificate anchored on chain cannot be read from IPFS",
  LABEL_SHEET_ABORTED: "The client went away while its label sheet was being written",
  UNAVAILABLE: "A dependency (chain, IPFS) cannot answer now; nothing was recorded",
  NOT_READY: "The service is starting or stopping",
  CONFIG_INVALID: "The configuration is invalid (names the variable, never its value)",
  INTERNAL: "Something went wrong on our side; nothing more is said",
  LINK_TYPE_NOT_FOUND: "The identified item has no link of the requested linkType",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
