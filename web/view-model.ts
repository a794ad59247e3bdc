/**
 * What the viewer pages take: plain data, already verified, ready to show. The provenance engine maps its
 * verification result into these shapes; the pages only format, translate and escape — they decide nothing.
 *
 * Conventions: times are ISO 8601 strings (shown in Viet Nam's time, UTC+7, or a step's in its facility's zone,
 * with the offset named); countries are ISO 3166-1 alpha-2
 * codes in upper case (shown with their flag and their name in the page's language); URLs are absolute
 * http(s) or same-site paths (anything else is shown as text, not linked); any text may contain anything — it
 * is escaped.
 */

/** The page languages. */
export type Lang = "vi" | "en";

/**
 * The one-word answer for a garment:
 * - `authentic`: every check passed;
 * - `unverified`: nothing contradicts the chain, but at least one check could not be made now (IPFS or the chain
 *   did not answer, a document is not retrievable) — say so, do not accuse;
 * - `tampered`: at least one check failed: a record, document or code contradicts what the chain holds.
 */
export type Verdict = "authentic" | "unverified" | "tampered";

/** The outcome of one check: `unavailable` means it could not be made now, not that it failed. */
export type CheckStatus = "passed" | "failed" | "unavailable";

/** Production steps shown on the timeline, upstream first. */
export type StepKind = "fabric-lot" | "cutting" | "sewing" | "shipment";

/**
 * What a check verified. The page words each kind in its own language, naming `subject`:
 * - `chain-record`: the lot `subject` is recorded on chain;
 * - `record-digest`: the IPFS event record of `subject` hashes to the digest stored on chain;
 * - `facility-signature`: the event of `subject` is signed by its facility's registered key;
 * - `document-hash`: the document `subject` (its type or name) is retrievable and matches its hash;
 * - `garment-manifest`: the public list of batch `subject`'s garments rebuilds the Merkle root on chain;
 * - `garment-code`: the serial and authentication code are proven against the Merkle root of batch `subject`;
 * - `certificate-anchored`: certificate `subject` is anchored on chain, its document matches the anchored digest
 *   and is signed by its issuer;
 * - `certificate-status`: the status shown for certificate `subject` (revoked, expired or valid) is the one the
 *   chain and its validity period give;
 * - `certificate-evidence`: certificate `subject`'s facts are what its evidence records (checked against the
 *   chain) give today;
 * - `record-fields`: what is shown of lot `subject` is what its checked record and the chain say;
 * - `facility-record`: facility `subject`'s name comes from its record on chain, its country from the chain;
 * - `facility-standing`: facility `subject` is not suspended by the programme operator;
 * - `other`: anything else; the page shows `label`.
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

/**
 * What the engine found, as a stable code (services/provenance/check-notes.ts) and the hashes, ids and counts
 * it names: the page words it in its language. A code the page has no words for gets a general sentence.
 */
export interface NoteView {
  code: string;
  params?: Readonly<Record<string, string | number>>;
}

/** One named verification check. */
export interface CheckView {
  /** Stable id, e.g. `record-digest:SEW-0001` (an HTML id is derived from it). */
  id: string;
  kind: CheckKind;
  /** The lot id, document type or certificate id the check is about. */
  subject?: string;
  /** Shown for kind `other`, and as a fallback; the engine's words (usually English). */
  label?: string;
  status: CheckStatus;
  /** Short technical explanation in English, e.g. `digest 0x12… ≠ 0x9a…` or `IPFS timed out`; shown folded. */
  detail?: string;
  /** What `detail` says, for the page to word in its language. */
  note?: NoteView;
}

/** The garment as printed on its label. */
export interface ProductView {
  description: string;
  /** 14 digits. */
  gtin: string;
  /** Garment batch (sewing lot) id. */
  lot: string;
  serial: string;
  /** HS code, e.g. `6109.10`. */
  hsCode?: string;
  /** Style or model, e.g. `TS-01`. */
  style?: string;
  /** The brand or exporter, if known. */
  maker?: { name: string; country: string };
}

/** A registered facility. */
export interface FacilityView {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2, from the facility registry (not self-declared). */
  country: string;
  /** The IANA zone its record names; the step's time is shown in it (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
}

/** A quantity as recorded. */
export interface QuantityView {
  amount: number;
  unit: "m" | "kg" | "pcs";
}

/** One step of the garment's journey, with where to check it. */
export interface TimelineStepView {
  step: StepKind;
  lotId: string;
  facility: FacilityView;
  /** When the step happened (ISO 8601). */
  occurredAt: string;
  quantity?: QuantityView;
  /** For a shipment: where it went (a buyer abroad or another facility). */
  destination?: { name?: string; country: string };
  /** A shipment to another registered facility: the goods changed hands inside the chain, not an export. */
  handOver?: boolean;
  /** The transaction that recorded the step. */
  txHash: string;
  /** A block explorer page for `txHash`, when one exists for the chain in use. */
  txUrl?: string;
  /** CID of the canonical JSON event record in IPFS. */
  recordCid: string;
  /** Where the record can be fetched (a gateway or the service's own IPFS route). */
  recordUrl: string;
  /** Whether the step's checks (chain record, record digest, signature) all passed. */
  status: CheckStatus;
}

/** Upstream processing stages of a fabric. */
export type FabricStage = "fibre" | "spinning" | "fabric-formation" | "dyeing" | "printing" | "finishing";

/** Where a fabric lot came from, fibre to cloth. */
export interface FabricView {
  lotId: string;
  description: string;
  /** e.g. `[{ fibre: "cotton", percent: 95 }, { fibre: "elastane", percent: 5 }]`. */
  composition: { fibre: string; percent: number }[];
  /** Where each known upstream stage happened. */
  stages: { stage: FabricStage; country: string }[];
  supplier: { name: string; country: string };
}

/**
 * Where a document's check stands: a {@link CheckStatus}, or `unchecked`: its bytes were not read for this
 * page yet (there were more to read than one page may), so it is shown as "not yet checked", never as verified.
 */
export type DocumentStatus = CheckStatus | "unchecked";

/** A supporting document and whether it matches its recorded hash. */
export interface DocumentView {
  /** e.g. `invoice`, `packing-list`, `certificate-of-origin`, `test-report`; unknown types are shown as is. */
  type: string;
  /** The lot whose event referenced it. */
  lotId?: string;
  cid: string;
  /** Where to open it. */
  url: string;
  /** Hex sha-256 of the bytes. */
  sha256: string;
  status: DocumentStatus;
}

/**
 * Where a certificate stands: `valid` (in force), `revoked` (on chain by its issuer), `expired` (outside its
 * validity period), `invalid` (its facts are not what its evidence gives, or it does not match its anchor) or
 * `unverified` (it could not be checked now: never shown as valid).
 * Whether it is genuine is also said apart (`verified`).
 */
export type CertificateStatus = "valid" | "revoked" | "expired" | "invalid" | "unverified";

/** An origin certificate covering the garment (its batch or shipment). */
export interface CertificateView {
  id: string;
  /** e.g. `EVFTA`, `CPTPP`. */
  fta: string;
  status: CertificateStatus;
  issuedAt: string;
  revokedAt?: string;
  /** The start of its validity period, when its document could be read. */
  validFrom?: string;
  /** The end of its validity period, when its document could be read. */
  validUntil?: string;
  /** The certifier, named only when its signature was checked against this DID. */
  issuer?: { id: string; name?: string };
  importingCountry?: string;
  /** The certificate page ({@link CertificatePageModel}) or its PDF. */
  url: string;
  /** Whether its on-chain anchor and digest check out. */
  verified: CheckStatus;
  /** Why it is invalid (or could not be checked), in the engine's words (English); shown folded. */
  reason?: string;
  /** `reason` as a code, for the page to word in its language. */
  reasonNote?: NoteView;
}

/** A facility of the garment's life that the programme operator has suspended on chain. */
export interface SuspensionView {
  facility: { id: string; name?: string };
}

/** The clone warning: shown when one serial is scanned implausibly often or from many places. */
export interface CloneWarningView {
  scans: number;
  places: number;
}

/** Another supply-chain event naming the garment or its batch (an inspection, a dyeing), as checked. */
export interface SupplyChainEventView {
  eventID: string;
  eventType: string;
  /** The CBV business step's word (`inspecting`), or the URI as captured. */
  bizStep: string | null;
  disposition: string | null;
  eventTime: string;
  facilityId: string;
  /** verified: its record, proof and capture root agree with the chain. */
  verdict: "verified" | "unverified" | "tampered";
  /** Why it is not verified, in the engine's words (English); shown folded. */
  reason?: string;
  /** `reason` as a code, for the page to word in its language. */
  reasonNote?: NoteView;
  /** Its canonical record in IPFS. */
  recordUrl: string;
}

/** The newest such events and where to find them all. */
export interface SupplyChainEventsView {
  events: SupplyChainEventView[];
  total: number;
  /** The EPCIS query that lists them all. */
  queryUrl: string;
}

/**
 * The product photo a facility uploaded (document type `product-image`, a JPEG, PNG or WebP of at most 2 MiB),
 * served by this service from IPFS, so the page's CSP allows it (`img-src 'self'`).
 */
export interface ProductImageView {
  /** Same-site path of the image. */
  url: string;
  /** The lot whose record cites it. */
  lotId: string;
}

/** Machine-readable alternatives of a page. */
export interface AlternateLinks {
  /** The provenance JSON. */
  json?: string;
  /** The RFC 9264 linkset. */
  linkset?: string;
  /** The digital product passport. */
  passport?: string;
}

/** The garment page: what a buyer sees after scanning a genuine label. */
export interface GarmentPageModel {
  product: ProductView;
  /** The latest product photo of the garment's batch, or of its nearest upstream lot that has one. */
  productImage?: ProductImageView;
  verdict: Verdict;
  /** Every check made, in the order made; failed and unavailable ones are listed first on the page. */
  checks: CheckView[];
  /** Upstream first: fabric lots, cutting, sewing, shipment(s). */
  timeline: TimelineStepView[];
  fabrics: FabricView[];
  documents: DocumentView[];
  certificates: CertificateView[];
  cloneWarning?: CloneWarningView;
  /** Other events captured about this garment or its batch (EPCIS), each checked against the chain. */
  supplyChainEvents?: SupplyChainEventsView;
  /** Facilities of this garment's life that are suspended on chain: the page warns about each. */
  suspensions?: SuspensionView[];
  /** When this verification ran (ISO 8601). */
  verifiedAt: string;
  links?: AlternateLinks;
}

/** A garment batch as a GTIN+lot link names it: the product, without any one garment's serial. */
export type BatchProductView = Omit<ProductView, "serial"> & {
  /** How many garments the batch commits to on chain. */
  garmentCount?: number;
  /** The product page (`/01/{gtin}`). */
  productUrl?: string;
};

/**
 * The batch page (`/01/{gtin}/10/{lot}`): the batch's verified provenance — journey, fabric, documents,
 * certificates and every check — without any garment's authentication, which only a garment's own link has.
 */
export interface BatchPageModel {
  product: BatchProductView;
  productImage?: ProductImageView;
  verdict: Verdict;
  checks: CheckView[];
  timeline: TimelineStepView[];
  fabrics: FabricView[];
  documents: DocumentView[];
  certificates: CertificateView[];
  suspensions?: SuspensionView[];
  verifiedAt: string;
  links?: AlternateLinks;
}

/** One batch listed on a product page. */
export interface ProductBatchView {
  lotId: string;
  /** The batch page. */
  url: string;
  facility: FacilityView;
  /** When the batch was sewn (ISO 8601). */
  occurredAt: string;
  garmentCount?: number;
}

/**
 * The product page (`/01/{gtin}`): what the read model records of the product and its batches, newest first.
 * It verifies nothing itself; each batch's page does.
 */
export interface ProductPageModel {
  product: { description: string; gtin: string; hsCode?: string; maker?: { name: string; country: string } };
  batches: ProductBatchView[];
  /** More batches exist than are listed. */
  truncated: boolean;
  links?: AlternateLinks;
}

/** The page for a link that names no recorded garment, or is not a valid Digital Link at all. */
export interface NotFoundPageModel {
  reason: "unknown-garment" | "invalid-link" | "unknown-certificate";
  /** What was scanned, when it could be read. */
  scanned?: { gtin?: string; lot?: string; serial?: string };
  /** The certificate number asked for (unknown-certificate). */
  certificateId?: string;
}

/** The page for a known garment whose authentication code is wrong or missing. */
export interface WrongCodePageModel {
  reason: "wrong-code" | "missing-code";
  product: Pick<ProductView, "description" | "gtin" | "lot" | "serial">;
  cloneWarning?: CloneWarningView;
  /**
   * The query parameter the code form submits the typed code in: the Digital Link attribute the service reads
   * the authentication code from (default `ac`).
   */
  codeParam?: string;
}

/**
 * The certificate verification page. Verdict: `valid` (anchored, digest matches, signed, not revoked, within
 * its validity period), `revoked`, `expired`, `unverified` (could not be checked now) or `tampered` (the
 * document does not match its anchor or its signature).
 */
export interface CertificatePageModel {
  certificate: {
    id: string;
    fta: string;
    status: CertificateStatus;
    issuedAt: string;
    /** The certifier, named only when the signature verified against this DID. */
    issuer?: { id: string; name?: string };
    /** The start of its validity period. */
    validFrom?: string;
    /** The end of its validity period. */
    validUntil?: string;
    revokedAt?: string;
    revocationReason?: string;
    /** The certificate that replaced it (it was revoked as superseded), with its page. */
    supersededBy?: { id: string; url: string };
    /** The certificate it replaces, with its page. */
    replaces?: { id: string; url: string };
    exporter?: { name: string; country: string };
    exportingCountry?: string;
    importingCountry: string;
    /** The lot (garment batch or shipment) it covers. */
    subject: { id: string; description?: string; hsCode?: string };
    /** The origin rule applied, e.g. `{ id: "EVFTA-61-fabric-forward", text: "Weaving or knitting ..." }`. */
    rule?: { id: string; text: string };
    /** Hex sha-256 of the certificate document. */
    sha256: string;
    cid?: string;
    /** The anchoring transaction. */
    txHash?: string;
    txUrl?: string;
    pdfUrl?: string;
    jsonUrl?: string;
  };
  verdict: "valid" | "revoked" | "expired" | "invalid" | "unverified" | "tampered";
  checks: CheckView[];
  verifiedAt: string;
}
