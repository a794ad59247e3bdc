/**
 * The certificate PDF and the e-C/O dossier PDF as worker-thread tasks (services/support/worker-pool.ts):
 * setting one takes about 0.3 s of CPU (embedding and subsetting Noto Sans dominates), which on the event loop
 * would hold every other request. The renderers themselves (pdf.ts, dossier.ts) are called unchanged.
 */
import { renderDossierPdf, type EcoDossier } from "./dossier";
import { renderCertificatePdf } from "./pdf";
import type { CertificatePdfOptions } from "./pdf";
import type { OriginCredential } from "./certificates";

export function certificatePdf(input: {
  credential: OriginCredential;
  options: CertificatePdfOptions;
}): Promise<Buffer> {
  return renderCertificatePdf(input.credential, input.options);
}

export function dossierPdf(input: { dossier: EcoDossier }): Promise<Buffer> {
  return renderDossierPdf(input.dossier);
}
