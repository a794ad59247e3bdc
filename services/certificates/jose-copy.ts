/**
 * The VC-JOSE-COSE copy of a certificate, signed on request with the key that signed its Data Integrity
 * proof (Ed25519 signatures are deterministic: the same copy every time). A certificate signed by a key the
 * certifier has since rotated away has no JOSE copy: the retired key no longer signs anything.
 */
import { NotFoundError } from "../errors";
import { envelopeCredential } from "../credentials/jose";
import type { OriginCredential } from "./anchored";
import { issuerCertifierId } from "./anchored";
import type { CertifierKeyStore } from "./certifier-keys";

export async function joseCopyOf(
  deps: { certifierKeys: Pick<CertifierKeyStore, "keyFor" | "didOf"> },
  id: string,
  credential: OriginCredential,
): Promise<string> {
  const certifierId = issuerCertifierId(credential);
  const current = certifierId === null ? null : await deps.certifierKeys.didOf(certifierId);
  if (certifierId === null || current !== credential.issuer.id)
    throw new NotFoundError("JOSE copy (its signing key is retired) of certificate", id);
  const key = await deps.certifierKeys.keyFor(certifierId);
  return envelopeCredential(credential, key);
}
