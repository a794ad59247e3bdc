/**
 * did:web identifiers under the service's public base URL (W3C CCG did:web): the host (a port encoded as
 * `%3A`) and the path as colon-separated segments; `did:web:host` resolves to `/.well-known/did.json`,
 * `did:web:host:a:b` to `/a/b/did.json`. The programme is the host's DID; each certifier's sits under
 * `certifiers:{id}`. A certifier's DID document lists each of its Ed25519 keys (current and rotated) as a
 * Multikey: the did:key suffix is already the key's multibase form.
 */

export const DID_CONTEXT = "https://www.w3.org/ns/did/v1";
export const MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

/** The did:web of the host of `baseUrl`, with `segments` as its path. */
export function didWebOf(baseUrl: string, ...segments: string[]): string {
  const url = new URL(baseUrl);
  const base = url.pathname.split("/").filter(Boolean);
  return ["did:web", encodeURIComponent(url.host), ...[...base, ...segments].map(encodeURIComponent)].join(
    ":",
  );
}

export const programmeDid = (baseUrl: string) => didWebOf(baseUrl);
export const certifierDidWeb = (baseUrl: string, certifierId: string) =>
  didWebOf(baseUrl, "certifiers", certifierId);

/** The HTTPS URL a did:web resolves to. */
export function didWebDocumentUrl(did: string): string {
  const [host, ...path] = did.slice("did:web:".length).split(":").map(decodeURIComponent);
  return path.length === 0
    ? `https://${host}/.well-known/did.json`
    : `https://${host}/${path.map(encodeURIComponent).join("/")}/did.json`;
}

/** A DID document whose verification methods are the `did:key`s given (Ed25519 Multikeys). */
export function didDocument(did: string, didKeys: readonly string[]): Record<string, unknown> {
  const methods = didKeys.map((didKey) => {
    const publicKeyMultibase = didKey.slice("did:key:".length);
    return { id: `${did}#${publicKeyMultibase}`, type: "Multikey", controller: did, publicKeyMultibase };
  });
  return {
    "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    // The same keys under their did:key names: certificates issued before did:web name those.
    alsoKnownAs: [...didKeys],
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
  };
}

/**
 * What a did:web names under `baseUrl`: the programme, one of its certifiers (by id), `null` for another path
 * of the same host, `undefined` for another host's DID. No network: the DID's text alone.
 */
export function didWebUnder(
  baseUrl: string,
  did: string,
): { kind: "programme" } | { kind: "certifier"; certifierId: string } | null | undefined {
  if (did === programmeDid(baseUrl)) return { kind: "programme" };
  const host = programmeDid(baseUrl);
  if (!did.startsWith(`${host}:`)) return undefined;
  const certifiers = `${didWebOf(baseUrl, "certifiers")}:`;
  if (!did.startsWith(certifiers)) return null;
  const encoded = did.slice(certifiers.length);
  if (encoded === "" || encoded.includes(":")) return null;
  let certifierId: string;
  try {
    certifierId = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  // Only the one spelling the service prints names the certifier.
  return certifierDidWeb(baseUrl, certifierId) === did ? { kind: "certifier", certifierId } : null;
}
