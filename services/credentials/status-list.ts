/**
 * W3C Bitstring Status List (Recommendation): the bitstring's encoding (GZIP, then multibase base64url, index
 * 0 the left-most bit), the list credential and the entry a credential carries. Pure: no storage here.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { VC_CONTEXT } from "./contexts";

/** The Recommendation's minimum (and default) list size: 16 KiB of bits, for herd privacy. */
export const STATUS_LIST_BITS = 131_072;
/** The decoded list's bound when reading someone else's list (a GZIP bomb must not exhaust memory). */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export function emptyBitstring(): Buffer {
  return Buffer.alloc(STATUS_LIST_BITS / 8);
}

export function bitAt(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

/** A copy of `bits` with bit `index` set. */
export function withBitSet(bits: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bits);
  copy[index >> 3] = (copy[index >> 3] ?? 0) | (0x80 >> (index & 7));
  return copy;
}

/** `encodedList`: the GZIP-compressed bitstring as multibase base64url (prefix `u`, no padding). */
export function encodeBitstring(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString("base64url")}`;
}

export function decodeBitstring(encodedList: string): Buffer {
  if (!encodedList.startsWith("u")) throw new Error("encodedList is not multibase base64url (prefix 'u')");
  return gunzipSync(Buffer.from(encodedList.slice(1), "base64url"), { maxOutputLength: MAX_DECODED_BYTES });
}

export interface StatusListEntry {
  id: string;
  type: "BitstringStatusListEntry";
  statusPurpose: "revocation";
  /** Base-10, as a string (the Recommendation's form). */
  statusListIndex: string;
  statusListCredential: string;
}

export function statusListEntry(listUrl: string, index: number): StatusListEntry {
  return {
    id: `${listUrl}#${index}`,
    type: "BitstringStatusListEntry",
    statusPurpose: "revocation",
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}

/** The unsigned list credential of `bits`, published at `listUrl` by `issuer`. */
export function buildStatusListCredential(input: {
  listUrl: string;
  issuer: string;
  bits: Uint8Array;
  validFrom: Date;
}): Record<string, unknown> {
  return {
    "@context": [VC_CONTEXT],
    id: input.listUrl,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuer,
    validFrom: input.validFrom.toISOString(),
    credentialSubject: {
      id: `${input.listUrl}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeBitstring(input.bits),
    },
  };
}
