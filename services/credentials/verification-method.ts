/**
 * From a proof's verification method to the Ed25519 public key that checks it, without fetching anything:
 * a `did:key` carries its key; a `did:web` is resolved only through the DID documents the caller can give
 * locally (the service's own register). Any other DID, or a did:web of another host, stays unresolved: the
 * answer is "cannot tell", never "valid".
 */
import type { KeyObject } from "node:crypto";
import { publicKeyFromDidKey } from "./did-key";

export type KeyResolution =
  | { status: "resolved"; publicKey: KeyObject; controller: string }
  /** Not resolvable here (another host's did:web, another DID method): neither valid nor invalid. */
  | { status: "unresolved"; reason: string }
  /** Resolvable, and it does not give a usable assertion key. */
  | { status: "invalid"; reason: string };

/**
 * The did:web documents known locally: a document, `null` when the DID is of a host this resolver answers
 * for but names nothing there, `undefined` when it does not answer for the DID's host at all.
 */
export type LocalDidWebDocuments = (did: string) => Promise<Record<string, unknown> | null | undefined>;

/** The verification relationship a proof's purpose needs: a credential's issuer asserts, a holder authenticates. */
export type VerificationRelationship = "assertionMethod" | "authentication";

export type KeyResolver = (
  verificationMethod: string,
  relationship?: VerificationRelationship,
) => Promise<KeyResolution>;

const didOf = (method: string) => method.split("#")[0] ?? "";

/** A resolver for did:key, and for did:web through `didWeb` when given. */
export function keyResolver(didWeb?: LocalDidWebDocuments): KeyResolver {
  return async (method, relationship = "assertionMethod") => {
    if (method.startsWith("did:key:")) {
      const publicKey = await publicKeyFromDidKey(method);
      return publicKey
        ? { status: "resolved", publicKey, controller: didOf(method) }
        : { status: "invalid", reason: "the verification method is not an Ed25519 did:key" };
    }
    if (method.startsWith("did:web:")) {
      const did = didOf(method);
      if (!method.includes("#"))
        return { status: "invalid", reason: "the did:web verification method has no fragment" };
      const document = didWeb ? await didWeb(did) : undefined;
      if (document === undefined)
        return {
          status: "unresolved",
          reason: `${did} is another host's did:web, which this verifier does not fetch`,
        };
      if (document === null) return { status: "invalid", reason: `${did} names no DID document here` };
      return keyInDocument(document, did, method, relationship);
    }
    return { status: "unresolved", reason: "the verification method is neither a did:key nor a did:web" };
  };
}

/** The Multikey `method` of a DID document, when the document lists it under `relationship`. */
async function keyInDocument(
  document: Record<string, unknown>,
  did: string,
  method: string,
  relationship: VerificationRelationship,
): Promise<KeyResolution> {
  const fragment = method.slice(method.indexOf("#"));
  const named = (id: unknown) => id === method || id === fragment;
  const methods = Array.isArray(document.verificationMethod)
    ? (document.verificationMethod as unknown[])
    : [];
  const entry = methods.find(
    (candidate): candidate is Record<string, unknown> =>
      typeof candidate === "object" && candidate !== null && named((candidate as { id?: unknown }).id),
  );
  if (!entry) return { status: "invalid", reason: `${did}'s DID document lists no key ${fragment}` };
  const listed = document[relationship];
  const assertion = Array.isArray(listed) ? (listed as unknown[]) : [];
  if (
    !assertion.some((reference) =>
      named(typeof reference === "string" ? reference : (reference as { id?: unknown })?.id),
    )
  )
    return {
      status: "invalid",
      reason: `${did}'s key ${fragment} is not one of its ${relationship === "assertionMethod" ? "assertion" : "authentication"} methods`,
    };
  if (entry.controller !== did)
    return { status: "invalid", reason: `${did}'s key ${fragment} is controlled by another DID` };
  const multibase = entry.publicKeyMultibase;
  const publicKey =
    entry.type === "Multikey" && typeof multibase === "string"
      ? await publicKeyFromDidKey(`did:key:${multibase}`)
      : null;
  return publicKey
    ? { status: "resolved", publicKey, controller: did }
    : { status: "invalid", reason: `${did}'s key ${fragment} is not an Ed25519 Multikey` };
}
