/**
 * W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (Data Integrity EdDSA Cryptosuites v1.0,
 * §3.3): the document and the proof options are each canonicalised with JCS (RFC 8785), hashed with SHA-256,
 * and the two hashes (proof options first) are signed with Ed25519. `proofValue` is the signature in
 * multibase base58btc. Verifying needs only the document and the signer's `did:key`.
 */
import { createHash, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import { loadBase58btc, publicKeyFromDidKey } from "./did-key";

export const CRYPTOSUITE = "eddsa-jcs-2022";

export interface DataIntegrityProof {
  type: "DataIntegrityProof";
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: "assertionMethod";
  proofValue: string;
}

type JsonObject = Record<string, unknown>;

function jcs(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("Not a JSON value");
  return Buffer.from(text, "utf8");
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest();

/** The bytes eddsa-jcs-2022 signs: SHA-256(JCS(proof options with the document's @context)) ‖ SHA-256(JCS(document)). */
function hashData(document: JsonObject, options: Omit<DataIntegrityProof, "proofValue">): Buffer {
  const proofConfig =
    document["@context"] === undefined ? options : { ...options, "@context": document["@context"] };
  return Buffer.concat([sha256(jcs(proofConfig)), sha256(jcs(document))]);
}

/**
 * Adds an eddsa-jcs-2022 proof to `document` (which must not carry one).
 *
 * @example
 * const signed = await signDocument(credential, { privateKey, verificationMethod: `${did}#${did.slice(8)}` });
 */
export async function signDocument<T extends JsonObject>(
  document: T,
  params: { privateKey: KeyObject; verificationMethod: string; created?: Date },
): Promise<T & { proof: DataIntegrityProof }> {
  if ("proof" in document) throw new TypeError("The document carries a proof already");
  const options = {
    type: "DataIntegrityProof",
    cryptosuite: CRYPTOSUITE,
    created: (params.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    verificationMethod: params.verificationMethod,
    proofPurpose: "assertionMethod",
  } as const;
  const signature = sign(null, hashData(document, options), params.privateKey);
  const base58btc = await loadBase58btc();
  return { ...document, proof: { ...options, proofValue: base58btc.encode(signature) } };
}

export type ProofVerification =
  { verified: true; verificationMethod: string } | { verified: false; reason: string };

/**
 * Checks a document's eddsa-jcs-2022 proof against the `did:key` in its verification method; when
 * `expectedSigner` is given, the method must belong to that DID.
 */
export async function verifyDocumentProof(
  securedDocument: JsonObject,
  expectedSigner?: string,
): Promise<ProofVerification> {
  const { proof, ...document } = securedDocument;
  if (typeof proof !== "object" || proof === null || Array.isArray(proof))
    return { verified: false, reason: "the document has no proof" };
  const { proofValue, ...options } = proof as JsonObject;
  if (options.type !== "DataIntegrityProof" || options.cryptosuite !== CRYPTOSUITE)
    return { verified: false, reason: `the proof is not a DataIntegrityProof with ${CRYPTOSUITE}` };
  if (options.proofPurpose !== "assertionMethod")
    return { verified: false, reason: "the proof's purpose is not assertionMethod" };
  if (typeof proofValue !== "string" || !proofValue.startsWith("z"))
    return { verified: false, reason: "the proof value is not multibase base58btc" };
  const method = options.verificationMethod;
  if (typeof method !== "string")
    return { verified: false, reason: "the proof names no verification method" };
  if (expectedSigner !== undefined && method.split("#")[0] !== expectedSigner)
    return { verified: false, reason: "the proof was not made by the credential's issuer" };
  // A proof carrying @context must match the document's (eddsa-jcs-2022 verification step).
  if ("@context" in options && canonicalize(options["@context"]) !== canonicalize(document["@context"]))
    return { verified: false, reason: "the proof's @context differs from the document's" };
  const { "@context": _context, ...plainOptions } = options;
  const publicKey = await publicKeyFromDidKey(method);
  if (!publicKey) return { verified: false, reason: "the verification method is not an Ed25519 did:key" };
  let signature: Uint8Array;
  try {
    signature = (await loadBase58btc()).decode(proofValue);
  } catch {
    return { verified: false, reason: "the proof value is not valid base58btc" };
  }
  const ok = verify(
    null,
    hashData(document, plainOptions as Omit<DataIntegrityProof, "proofValue">),
    publicKey,
    signature,
  );
  return ok
    ? { verified: true, verificationMethod: method }
    : { verified: false, reason: "the signature does not match the document" };
}
