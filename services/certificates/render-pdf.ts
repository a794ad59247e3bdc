/**
 * Where a certificate PDF (and an e-C/O dossier PDF) is rendered: in a worker thread when the service has a pool for it (the route's
 * CPU then stays free for scans and `/healthz`), else here. A full pool refuses with UNAVAILABLE (503,
 * Retry-After), never queueing without bound.
 */
import { renderDossierPdf, type EcoDossier } from "./dossier";
import { renderCertificatePdf } from "./pdf";
import type { CertificatePdfOptions } from "./pdf";
import type { OriginCredential } from "./certificates";
import type { WorkerPool } from "../support/worker-pool";

export type CertificatePdfRenderer = (
  credential: OriginCredential,
  options: CertificatePdfOptions,
) => Promise<Buffer>;

/**
 * @example
 * const render = certificatePdfRenderer(createWorkerPool({ tasks: require.resolve("./certificates/pdf-tasks"), name: "certificate PDF" }));
 * const pdf = await render(credential, { verificationUrl, digest });
 */
export function certificatePdfRenderer(workers?: Pick<WorkerPool, "run">): CertificatePdfRenderer {
  if (!workers) return renderCertificatePdf;
  return async (credential, options) => {
    const bytes = await workers.run<Uint8Array>("certificatePdf", { credential, options });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

export type DossierPdfRenderer = (dossier: EcoDossier) => Promise<Buffer>;

/** The dossier PDF in the same pool as certificate PDFs: the same fonts, the same cost. */
export function dossierPdfRenderer(workers?: Pick<WorkerPool, "run">): DossierPdfRenderer {
  if (!workers) return renderDossierPdf;
  return async (dossier) => {
    const bytes = await workers.run<Uint8Array>("dossierPdf", { dossier });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}
