/**
 * W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (Data Integrity EdDSA Cryptosuites v1.0,
 * §3.3). Signing (§3.3.1): the proof options take the document's `@context`; the proof options and the
 * document are each canonicalised with JCS (RFC 8785) and hashed with SHA-256, and the two hashes (proof
 * options first) are signed with Ed25519. The published proof is the proof options, `@context` included, with
 * `proofValue`: the signature in multibase base58btc. Verifying (§3.3.2) needs only the secured document and
 * the signer's `did:key`, so any eddsa-jcs-2022 verifier accepts the proofs made here.
 *
 * Proofs that threadproof made before it published the proof's `@context` (it hashed the `@context` but left it
 * out of the published proof) are the *legacy* form: no standard verifier accepts them. They still verify here,
 * reported with `legacy: "context-outside-proof"`, unless the caller refuses them; {@link upgradeLegacyProof}
 * turns one into the standard form (same signature, different bytes: a new digest to anchor).
 */
import { createHash, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import canonicalize from "canonicalize";
import { loadBase58btc } from "./did-key";
import { keyResolver } from "./verification-method";
import type { KeyResolver } from "./verification-method";

export const CRYPTOSUITE = "eddsa-jcs-2022";

export interface DataIntegrityProof {
  type: "DataIntegrityProof";
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: "assertionMethod";
  /** The secured document's `@context` (present whenever the document has one). */
  "@context"?: unknown;
  proofValue: string;
}

type JsonObject = Record<string, unknown>;
type ProofOptions = Omit<DataIntegrityProof, "proofValue">;

function jcs(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("Not a JSON value");
  return Buffer.from(text, "utf8");
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest();

/** The bytes eddsa-jcs-2022 signs: SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document without proof)). */
function hashData(document: JsonObject, proofConfig: JsonObject): Buffer {
  return Buffer.concat([sha256(jcs(proofConfig)), sha256(jcs(document))]);
}

/** The proof options for a document: with the document's `@context` when it has one (§3.3.1 step 2). */
function proofOptionsFor(
  document: JsonObject,
  params: { verificationMethod: string; created?: Date },
): ProofOptions {
  return {
    type: "DataIntegrityProof",
    cryptosuite: CRYPTOSUITE,
    created: (params.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
    verificationMethod: params.verificationMethod,
    proofPurpose: "assertionMethod",
    ...(document["@context"] === undefined ? {} : { "@context": document["@context"] }),
  };
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
  const options = proofOptionsFor(document, params);
  const signature = sign(null, hashData(document, options as unknown as JsonObject), params.privateKey);
  const base58btc = await loadBase58btc();
  return { ...document, proof: { ...options, proofValue: base58btc.encode(signature) } };
}

/**
 * The outcome of checking a proof. `legacy: "context-outside-proof"` marks a proof threadproof made before it
 * published the proof's `@context`: its signature is good, but standard eddsa-jcs-2022 verifiers refuse it.
 */
export type ProofVerification =
  | { verified: true; verificationMethod: string; legacy?: "context-outside-proof" }
  /** `unresolved`: the signer's key could not be resolved here (e.g. another host's did:web): unknown, not forged. */
  | { verified: false; reason: string; unresolved?: true };

export interface VerifyDocumentProofOptions {
  /** Accept the legacy form (see {@link ProofVerification}); default true. */
  acceptLegacy?: boolean;
  /** Turns the verification method into its key (default: did:key only; did:web needs local documents). */
  resolveKey?: KeyResolver;
  /** The purpose the proof must state (default `assertionMethod`; a presentation's is `authentication`). */
  proofPurpose?: "assertionMethod" | "authentication";
}

// XML Schema 1.1 dateTime (the form `created` must have, §3.3.5 step 3).
const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

const contextList = (context: unknown): unknown[] => (Array.isArray(context) ? context : [context]);
const sameJson = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

/**
 * Checks a document's eddsa-jcs-2022 proof against the key its verification method names (a `did:key`, or a
 * `did:web` that `resolveKey` resolves locally); when
 * `expectedSigner` is given, the method must belong to that DID.
 *
 * @example
 * const result = await verifyDocumentProof(credential, credential.issuer.id);
 * if (result.verified && result.legacy) console.warn("valid, but only threadproof verifies this form");
 */
export async function verifyDocumentProof(
  securedDocument: JsonObject,
  expectedSigner?: string,
  {
    acceptLegacy = true,
    resolveKey = keyResolver(),
    proofPurpose = "assertionMethod",
  }: VerifyDocumentProofOptions = {},
): Promise<ProofVerification> {
  const { proof, ...document } = securedDocument;
  if (typeof proof !== "object" || proof === null || Array.isArray(proof))
    return { verified: false, reason: "the document has no proof" };
  const { proofValue, ...options } = proof as JsonObject;
  if (options.type !== "DataIntegrityProof" || options.cryptosuite !== CRYPTOSUITE)
    return { verified: false, reason: `the proof is not a DataIntegrityProof with ${CRYPTOSUITE}` };
  if (
    options.created !== undefined &&
    (typeof options.created !== "string" || !XSD_DATE_TIME.test(options.created))
  )
    return { verified: false, reason: "the proof's created time is not an XML Schema dateTime" };
  if (options.proofPurpose !== proofPurpose)
    return { verified: false, reason: `the proof's purpose is not ${proofPurpose}` };
  if (typeof proofValue !== "string" || !proofValue.startsWith("z"))
    return { verified: false, reason: "the proof value is not multibase base58btc" };
  const method = options.verificationMethod;
  if (typeof method !== "string")
    return { verified: false, reason: "the proof names no verification method" };
  if (expectedSigner !== undefined && method.split("#")[0] !== expectedSigner)
    return { verified: false, reason: "the proof was not made by the credential's issuer" };
  const resolution = await resolveKey(method, proofPurpose);
  if (resolution.status === "unresolved")
    return { verified: false, reason: resolution.reason, unresolved: true };
  if (resolution.status === "invalid") return { verified: false, reason: resolution.reason };
  const { publicKey } = resolution;
  let signature: Uint8Array;
  try {
    signature = (await loadBase58btc()).decode(proofValue);
  } catch {
    return { verified: false, reason: "the proof value is not valid base58btc" };
  }
  const signedBy = (unsecured: JsonObject, proofConfig: JsonObject) =>
    verify(null, hashData(unsecured, proofConfig), publicKey, signature);

  if ("@context" in options) {
    // §3.3.2 step 4: the document's @context starts with the proof's, which then stands for it.
    const proofContext = contextList(options["@context"]);
    const documentContext = contextList(document["@context"]);
    if (!proofContext.every((entry, index) => sameJson(entry, documentContext[index])))
      return { verified: false, reason: "the document's @context does not start with the proof's @context" };
    return signedBy({ ...document, "@context": options["@context"] }, options)
      ? { verified: true, verificationMethod: method }
      : { verified: false, reason: "the signature does not match the document" };
  }
  if (signedBy(document, options)) return { verified: true, verificationMethod: method };
  if (acceptLegacy && document["@context"] !== undefined) {
    if (signedBy(document, { ...options, "@context": document["@context"] }))
      return { verified: true, verificationMethod: method, legacy: "context-outside-proof" };
  }
  return { verified: false, reason: "the signature does not match the document" };
}

/**
 * The standard form of a legacy-form proof (see {@link ProofVerification}): the same signature, with the
 * document's `@context` published in the proof (before `proofValue`, where {@link signDocument} puts it).
 * The result has other bytes, so its digest and CID differ from the original's. Throws unless the document's
 * proof verifies in the legacy form.
 */
export async function upgradeLegacyProof<T extends JsonObject>(
  securedDocument: T,
): Promise<T & { proof: DataIntegrityProof }> {
  const result = await verifyDocumentProof(securedDocument);
  if (!result.verified || result.legacy !== "context-outside-proof")
    throw new TypeError("The document does not carry a legacy-form proof that verifies");
  const { proofValue, ...options } = securedDocument.proof as DataIntegrityProof;
  return {
    ...securedDocument,
    proof: { ...options, "@context": securedDocument["@context"], proofValue },
  };
}
