/**
 * The VC-JOSE-COSE copy of a credential: the same content (the credential without its Data Integrity
 * proof) as the payload of a compact JWS, `typ: vc+jwt`, `cty: vc`, signed EdDSA (Ed25519) with the key
 * that signed the Data Integrity proof, `kid` its verification method.
 */
import { sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { publicKeyFromDidKey } from "./did-key";

export const VC_JWT_MEDIA_TYPE = "application/vc+jwt";
/** A JOSE copy larger than this is not read (the verifier bounds its work). */
const MAX_JWT_LENGTH = 1024 * 1024;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");

/** The compact JWS of `credential` (its `proof`, if any, left out: the envelope is the proof). */
export function envelopeCredential(
  credential: Record<string, unknown>,
  key: { privateKey: KeyObject; verificationMethod: string },
): string {
  const { proof: _proof, ...content } = credential;
  const header = { alg: "EdDSA", kid: key.verificationMethod, typ: "vc+jwt", cty: "vc" };
  const signingInput = `${encode(header)}.${encode(content)}`;
  const signature = sign(null, Buffer.from(signingInput, "ascii"), key.privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}

export type OpenedEnvelope =
  | { verified: true; credential: Record<string, unknown>; kid: string }
  | { verified: false; reason: string; credential?: Record<string, unknown> };

/**
 * Checks a VC-JOSE-COSE compact JWS whose `kid` is a `did:key` verification method: the header, the EdDSA
 * signature, and that the key belongs to the credential's issuer. Nothing is fetched.
 */
export async function openEnvelope(jwt: string): Promise<OpenedEnvelope> {
  if (jwt.length > MAX_JWT_LENGTH) return { verified: false, reason: "the JWT is too large" };
  const parts = jwt.split(".");
  if (parts.length !== 3) return { verified: false, reason: "not a compact JWS (three parts)" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let credential: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as Record<string, unknown>;
    credential = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  } catch {
    return { verified: false, reason: "the header or payload is not base64url JSON" };
  }
  if (header.alg !== "EdDSA") return { verified: false, reason: "alg is not EdDSA", credential };
  if (header.typ !== "vc+jwt") return { verified: false, reason: "typ is not vc+jwt", credential };
  const kid = typeof header.kid === "string" ? header.kid : "";
  const publicKey = kid.startsWith("did:key:") ? await publicKeyFromDidKey(kid) : null;
  if (!publicKey) return { verified: false, reason: "kid is not a did:key verification method", credential };
  const issuer = credential.issuer as { id?: unknown } | string | undefined;
  const issuerId = typeof issuer === "string" ? issuer : issuer?.id;
  if (typeof issuerId !== "string" || !kid.startsWith(`${issuerId}#`))
    return { verified: false, reason: "the key is not the issuer's", credential };
  const signed = verify(
    null,
    Buffer.from(`${headerPart}.${payloadPart}`, "ascii"),
    publicKey,
    Buffer.from(signaturePart, "base64url"),
  );
  return signed
    ? { verified: true, credential, kid }
    : { verified: false, reason: "the signature does not verify", credential };
}
