/**
 * The VC-JOSE-COSE copy of a certificate, signed on request with the key that signed its Data Integrity
 * proof, `kid` that proof's verification method (a did:web key, or the did:key of a certificate issued
 * before did:web). Ed25519 signatures are deterministic: the same copy every time. A certificate signed by a
 * key the certifier has since rotated away has no JOSE copy: the retired key no longer signs anything.
 */
import { NotFoundError } from "../errors";
import { envelopeCredential } from "../credentials/jose";
import type { OriginCredential } from "./anchored";
import { issuerCertifierId } from "./anchored";
import type { CertifierKeyStore } from "./certifier-keys";

/** The multibase key a verification method names (`…#z6Mk…`, or a did:key's own suffix). */
const keyOfMethod = (method: string) => method.slice(method.lastIndexOf("#") + 1);

export async function joseCopyOf(
  deps: { certifierKeys: Pick<CertifierKeyStore, "keyFor" | "didOf"> },
  id: string,
  credential: OriginCredential,
): Promise<string> {
  const certifierId = issuerCertifierId(credential);
  const method = (credential.proof as { verificationMethod?: unknown } | undefined)?.verificationMethod;
  const current = certifierId === null ? null : await deps.certifierKeys.didOf(certifierId);
  if (
    certifierId === null ||
    current === null ||
    typeof method !== "string" ||
    keyOfMethod(method) !== current.slice("did:key:".length)
  )
    throw new NotFoundError("JOSE copy (its signing key is retired) of certificate", id);
  const key = await deps.certifierKeys.keyFor(certifierId);
  return envelopeCredential(credential, { privateKey: key.privateKey, verificationMethod: method });
}
