/**
 * The record formats: what threadproof writes to IPFS and names on chain by digest. Each kind has a strict
 * zod schema (the writer's, and the source the HTTP bodies derive from), a builder, and a lenient reader form
 * for stored records of this and older versions. Records are canonical JSON (RFC 8785) in raw blocks.
 */
export * from "./common";
export * from "./documents";
export * from "./garments";
export * from "./facility";
export * from "./events";
export * from "./revocation";
export * from "./assessment";
export { readerOf, readRecord } from "./reader";
export type { Lenient } from "./reader";
export {
  cidFromDigest,
  digestFromCid,
  encodeRecord,
  InvalidRecordReferenceError,
  sha256Hex,
} from "./encoding";
export { getRecord, isUnreadableRecord, putRecord, RecordIntegrityError } from "./store";
export type { StoredRecord } from "./store";
export { isChainAmount, QUANTITY_SCALE } from "./amounts";
