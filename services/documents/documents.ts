/**
 * Supporting documents (supplier certificates, invoices, test reports): checked for an allowed media type,
 * stored in IPFS, and registered with who uploaded them, so that an event can cite them by CID and its record
 * can carry each document's sha-256.
 */
import { createHash } from "node:crypto";
import type { Ledger } from "../chain/ledger";
import { DEFAULT_WRITE_LIMITS } from "../config/index";
import type { WriteLimits } from "../config/index";
import { AppError, ValidationError } from "../errors/index";
import type { DocumentStore } from "../ipfs/index";
import type { DocumentCitation } from "../records/index";
import { principalName } from "../service-db/api-keys";
import type { Principal } from "../service-db/api-keys";
import type { ServiceDatabase } from "../service-db/database";
import { findUpload, registerUpload } from "../service-db/uploads";
import { recordCheckedDocument } from "../service-db/checked-documents";
import { chargeUsage } from "../service-db/usage";
import { refuseSuspendedWriter } from "../production/writer-standing";

/** Media types a document may have. */
export const ALLOWED_MEDIA_TYPES = [
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "text/csv",
  "application/json",
  "application/xml",
  "text/xml",
  "text/plain",
] as const;
export type DocumentMediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

/** UNSUPPORTED_MEDIA_TYPE: the media type is not allowed, or the bytes are not what the declared type says. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(
    message: string,
    details: { declared: string; detected?: string | null; allowed?: readonly string[] },
  ) {
    super("UNSUPPORTED_MEDIA_TYPE", message, { details });
  }
}

/** Magic numbers: `bytes` at `offset` (null matches any byte, e.g. RIFF's length). */
const SIGNATURES: { mediaType: DocumentMediaType; bytes: (number | null)[] }[] = [
  { mediaType: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  // RIFF, a 4-byte length, WEBP
  {
    mediaType: "image/webp",
    bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
  },
];

/** The binary type the bytes' magic number shows (pdf, png, jpeg, webp), or null. */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | null {
  for (const signature of SIGNATURES) {
    if (
      signature.bytes.every((byte, index) => index < bytes.length && (byte === null || bytes[index] === byte))
    )
      return signature.mediaType;
  }
  return null;
}

/** The document type of a product photo, which the buyer's page shows. */
export const PRODUCT_IMAGE_TYPE = "product-image";
/** What a product photo may be: images every phone browser shows, nothing a browser could run (no SVG). */
export const PRODUCT_IMAGE_MEDIA_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
/**
 * The most bytes a product photo may have: a phone-sized photo fits well within it, and every buyer's scan
 * fetches it, so a facility's 20 MB camera original is refused rather than served.
 */
export const PRODUCT_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Refuses a product photo that is not a JPEG, PNG or WebP (by its checked media type) or is over
 * {@link PRODUCT_IMAGE_MAX_BYTES}. Nothing is decoded: the magic number was checked, the size is counted.
 */
export function checkProductImage(mediaType: DocumentMediaType, size: number): void {
  if (!(PRODUCT_IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new UnsupportedMediaTypeError(`A ${PRODUCT_IMAGE_TYPE} must be a JPEG, PNG or WebP image`, {
      declared: mediaType,
      allowed: PRODUCT_IMAGE_MEDIA_TYPES,
    });
  }
  if (size > PRODUCT_IMAGE_MAX_BYTES) {
    throw new ValidationError([
      {
        path: "file",
        message: `a ${PRODUCT_IMAGE_TYPE} may be at most ${PRODUCT_IMAGE_MAX_BYTES} bytes (2 MiB); this one is ${size}`,
      },
    ]);
  }
}

/**
 * The media type to record for an upload, or an {@link UnsupportedMediaTypeError}: the declared type must be
 * allowed, binary types must carry their magic number, and text types must be UTF-8 text (JSON must parse).
 * `application/octet-stream` (a client that did not say) is accepted when the bytes show a binary type.
 */
export function checkMediaType(declaredRaw: string, bytes: Uint8Array): DocumentMediaType {
  const declared = declaredRaw.split(";")[0]!.trim().toLowerCase();
  const detected = sniffMediaType(bytes);
  if (declared === "application/octet-stream" || declared === "") {
    if (detected) return detected;
    throw new UnsupportedMediaTypeError("The file's media type is not allowed", {
      declared,
      detected,
      allowed: ALLOWED_MEDIA_TYPES,
    });
  }
  if (!(ALLOWED_MEDIA_TYPES as readonly string[]).includes(declared)) {
    throw new UnsupportedMediaTypeError(`Media type '${declared.slice(0, 100)}' is not allowed`, {
      declared: declared.slice(0, 100),
      allowed: ALLOWED_MEDIA_TYPES,
    });
  }
  const mediaType = declared as DocumentMediaType;
  const isBinary = SIGNATURES.some((signature) => signature.mediaType === mediaType);
  if (isBinary ? detected !== mediaType : detected !== null) {
    throw new UnsupportedMediaTypeError(`The file's content is not ${mediaType}`, {
      declared: mediaType,
      detected,
    });
  }
  if (!isBinary) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new UnsupportedMediaTypeError(`The file is not UTF-8 text`, {
        declared: mediaType,
        detected: null,
      });
    }
    if (mediaType === "application/json") {
      try {
        JSON.parse(text);
      } catch {
        throw new UnsupportedMediaTypeError("The file is not valid JSON", {
          declared: mediaType,
          detected: null,
        });
      }
    }
  }
  return mediaType;
}

export interface StoredDocument {
  cid: string;
  /** sha-256 of the bytes, lower-case hex. */
  sha256: string;
  size: number;
  mediaType: DocumentMediaType;
  type?: string;
}

export interface StoreDocumentDeps {
  store: Pick<DocumentStore, "put">;
  db: ServiceDatabase;
  /** Where a facility's standing is read; needed when the uploader is given as a principal. */
  ledger?: Pick<Ledger, "getFacility">;
  /** The daily upload quotas (default {@link DEFAULT_WRITE_LIMITS}). */
  limits?: Pick<WriteLimits, "uploadsPerDay" | "uploadBytesPerDay">;
}

/**
 * Checks and stores one uploaded document and remembers who uploaded it. When the uploader is a principal
 * (an API key's), a facility must be in good standing on chain (FACILITY_SUSPENDED otherwise) and every key
 * but the operator's draws on its daily quotas of uploads and bytes (QUOTA_EXCEEDED, before anything is
 * stored; a failed store gives the charge back).
 *
 * @example
 * const stored = await storeDocument({ store, db, ledger }, { bytes, declaredMediaType: "application/pdf", uploadedBy: { type: "facility", id: "mill" } });
 */
export async function storeDocument(
  deps: StoreDocumentDeps,
  params: { bytes: Uint8Array; declaredMediaType: string; type?: string; uploadedBy: string | Principal },
): Promise<StoredDocument> {
  const uploader = params.uploadedBy;
  if (typeof uploader !== "string") {
    if (!deps.ledger) throw new TypeError("storeDocument needs the ledger to check an uploader's standing");
    await refuseSuspendedWriter(deps.ledger, uploader);
  }
  if (params.bytes.byteLength === 0)
    throw new ValidationError([{ path: "file", message: "must not be empty" }]);
  const mediaType = checkMediaType(params.declaredMediaType, params.bytes);
  if (params.type === PRODUCT_IMAGE_TYPE) checkProductImage(mediaType, params.bytes.byteLength);
  const uploadedBy = typeof uploader === "string" ? uploader : principalName(uploader);
  const limits = deps.limits ?? DEFAULT_WRITE_LIMITS;
  const receipt =
    typeof uploader === "string" || uploader.type === "operator"
      ? null
      : chargeUsage(deps.db, uploadedBy, [
          { quota: "uploads", limit: limits.uploadsPerDay, amount: 1 },
          { quota: "upload-bytes", limit: limits.uploadBytesPerDay, amount: params.bytes.byteLength },
        ]);
  try {
    const sha256 = createHash("sha256").update(params.bytes).digest("hex");
    const { cid, size } = await deps.store.put(params.bytes);
    registerUpload(deps.db, {
      cid,
      uploadedBy,
      sha256,
      size,
      mediaType,
      type: params.type ?? null,
      uploadedAt: new Date().toISOString(),
    });
    // The bytes were just hashed and the store named them by this CID: scans need not read them again.
    recordCheckedDocument(deps.db, { cid, sha256, bytes: size });
    return { cid, sha256, size, mediaType, ...(params.type === undefined ? {} : { type: params.type }) };
  } catch (error) {
    receipt?.refund();
    throw error;
  }
}

/** DOCUMENTS_TOO_MANY: an event cites more documents than {@link WriteLimits.maxDocumentsPerEvent}. */
export class DocumentsTooManyError extends AppError {
  constructor(limit: number, count: number) {
    super("DOCUMENTS_TOO_MANY", `An event may cite at most ${limit} documents; this one cites ${count}`, {
      details: { limit, count },
    });
  }
}

/** DOCUMENTS_TOO_LARGE: the documents a lot's record cites total more than {@link WriteLimits.maxDocumentBytesPerLot}. */
export class DocumentsTooLargeError extends AppError {
  constructor(limitBytes: number, totalBytes: number) {
    super(
      "DOCUMENTS_TOO_LARGE",
      `The documents one lot cites may total at most ${limitBytes} bytes; these total ${totalBytes}`,
      { details: { limitBytes, totalBytes } },
    );
  }
}

/**
 * Resolves documents cited by an event to what its record carries. A CID must have been uploaded to this
 * service (or be present in the IPFS store, then hashed from its bytes); otherwise the field is named in a
 * VALIDATION_FAILED error.
 */
export async function citeDocuments(
  deps: { store: Pick<DocumentStore, "get" | "has">; db: ServiceDatabase },
  documents: readonly { type: string; cid: string }[],
  fieldPrefix = "documents",
): Promise<DocumentCitation[]> {
  return (await resolveCitations(deps, documents, fieldPrefix)).citations;
}

/**
 * {@link citeDocuments}, with each distinct CID's size in bytes (from the upload register, or the stored
 * bytes), so that a caller can bound what one record makes every later reader fetch and hash.
 */
export async function resolveCitations(
  deps: { store: Pick<DocumentStore, "get" | "has">; db: ServiceDatabase },
  documents: readonly { type: string; cid: string }[],
  fieldPrefix = "documents",
): Promise<{ citations: DocumentCitation[]; sizes: Map<string, number> }> {
  const citations: DocumentCitation[] = [];
  const sizes = new Map<string, number>();
  const unknown: { path: string; message: string }[] = [];
  for (const [index, document] of documents.entries()) {
    const known = findUpload(deps.db, document.cid);
    if (
      document.type === PRODUCT_IMAGE_TYPE &&
      !(
        known &&
        (PRODUCT_IMAGE_MEDIA_TYPES as readonly string[]).includes(known.mediaType) &&
        known.size <= PRODUCT_IMAGE_MAX_BYTES
      )
    ) {
      // The buyer's page shows it as an image: it must be one checked at upload, not any bytes in IPFS.
      unknown.push({
        path: `${fieldPrefix}.${index}.cid`,
        message: `a ${PRODUCT_IMAGE_TYPE} must be a JPEG, PNG or WebP of at most 2 MiB uploaded here`,
      });
      continue;
    }
    if (known) {
      sizes.set(document.cid, known.size);
      citations.push({
        type: document.type,
        cid: document.cid,
        sha256: known.sha256,
        mediaType: known.mediaType,
      });
      continue;
    }
    if (await deps.store.has(document.cid)) {
      const bytes = await deps.store.get(document.cid);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      sizes.set(document.cid, bytes.byteLength);
      citations.push({ type: document.type, cid: document.cid, sha256 });
      recordCheckedDocument(deps.db, { cid: document.cid, sha256, bytes: bytes.byteLength });
      continue;
    }
    unknown.push({ path: `${fieldPrefix}.${index}.cid`, message: "no such document: upload it first" });
  }
  if (unknown.length > 0) throw new ValidationError(unknown);
  return { citations, sizes };
}
