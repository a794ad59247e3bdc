/**
 * The VC-JOSE-COSE copy of a credential, made and checked with the `jose` library: the same content (the
 * credential without its Data Integrity proof) as the payload of a compact JWS, protected header
 * `alg: EdDSA`, `typ: vc+jwt`, `cty: vc`, `kid` the verification method of the key that signed the Data
 * Integrity proof (Ed25519).
 */
import type { KeyObject } from "node:crypto";
import { CompactSign, compactVerify, decodeProtectedHeader, errors as joseErrors } from "jose";
import { keyResolver } from "./verification-method";
import type { KeyResolver } from "./verification-method";

export const VC_JWT_MEDIA_TYPE = "application/vc+jwt";
/** A JOSE copy larger than this is not read (the verifier bounds its work). */
export const MAX_JWT_LENGTH = 1024 * 1024;

/**
 * The compact JWS of `credential` (its `proof`, if any, left out: the envelope is the proof).
 *
 * @example
 * const jwt = await envelopeCredential(credential, { privateKey, verificationMethod: credential.proof.verificationMethod });
 */
export async function envelopeCredential(
  credential: Record<string, unknown>,
  key: { privateKey: KeyObject; verificationMethod: string },
): Promise<string> {
  const { proof: _proof, ...content } = credential;
  return new CompactSign(Buffer.from(JSON.stringify(content), "utf8"))
    .setProtectedHeader({ alg: "EdDSA", kid: key.verificationMethod, typ: "vc+jwt", cty: "vc" })
    .sign(key.privateKey);
}

export type OpenedEnvelope =
  | { verified: true; credential: Record<string, unknown>; kid: string }
  /** `unresolved`: the key could not be resolved here (another host's did:web): unknown, not forged. */
  | { verified: false; reason: string; credential?: Record<string, unknown>; unresolved?: true };

const issuerIdOf = (credential: Record<string, unknown>) => {
  const issuer = credential.issuer as { id?: unknown } | string | undefined;
  return typeof issuer === "string" ? issuer : issuer?.id;
};

/** The header and payload of a compact JWS, read without checking anything; null when it is not one. */
export function peekEnvelope(jwt: string): { header: Record<string, unknown>; payload: unknown } | null {
  if (jwt.length > MAX_JWT_LENGTH || jwt.split(".").length !== 3) return null;
  try {
    const header = decodeProtectedHeader(jwt) as Record<string, unknown>;
    const payload: unknown = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
    return { header, payload };
  } catch {
    return null;
  }
}

/**
 * Checks a VC-JOSE-COSE compact JWS: the header (`alg: EdDSA`, `typ: vc+jwt`), that `kid` is a key of the
 * credential's issuer, and the signature (with `jose`'s `compactVerify`). The key comes from `resolveKey`
 * (default: did:key only). Nothing is fetched.
 */
export async function openEnvelope(
  jwt: string,
  options: { resolveKey?: KeyResolver } = {},
): Promise<OpenedEnvelope> {
  if (jwt.length > MAX_JWT_LENGTH) return { verified: false, reason: "the JWT is too large" };
  const peeked = peekEnvelope(jwt);
  if (!peeked) return { verified: false, reason: "not a compact JWS of a JSON header and payload" };
  const { header } = peeked;
  const credential = peeked.payload as Record<string, unknown>;
  if (typeof credential !== "object" || credential === null || Array.isArray(credential))
    return { verified: false, reason: "the payload is not a JSON object" };
  if (header.alg !== "EdDSA") return { verified: false, reason: "alg is not EdDSA", credential };
  if (header.typ !== "vc+jwt") return { verified: false, reason: "typ is not vc+jwt", credential };
  const kid = typeof header.kid === "string" ? header.kid : "";
  if (kid === "") return { verified: false, reason: "the header names no kid", credential };
  const issuerId = issuerIdOf(credential);
  if (typeof issuerId !== "string" || !kid.startsWith(`${issuerId}#`))
    return { verified: false, reason: "the key is not the issuer's", credential };
  const resolution = await (options.resolveKey ?? keyResolver())(kid);
  if (resolution.status === "unresolved")
    return { verified: false, reason: resolution.reason, credential, unresolved: true };
  if (resolution.status === "invalid") return { verified: false, reason: resolution.reason, credential };
  try {
    await compactVerify(jwt, resolution.publicKey, { algorithms: ["EdDSA"] });
  } catch (error) {
    if (error instanceof joseErrors.JOSEError)
      return { verified: false, reason: "the signature does not verify", credential };
    throw error;
  }
  return { verified: true, credential, kid };
}
