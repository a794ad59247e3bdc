/**
 * Where a certificate PDF is rendered: in a worker thread when the service has a pool for it (the route's
 * CPU then stays free for scans and `/healthz`), else here. A full pool refuses with UNAVAILABLE (503,
 * Retry-After), never queueing without bound.
 */
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
