/**
 * The certificate PDF as a worker-thread task (services/support/worker-pool.ts): setting one takes about
 * 0.3 s of CPU (embedding and subsetting Noto Sans dominates), which on the event loop would hold every other
 * request. The renderer itself (pdf.ts) is called unchanged.
 */
import { renderCertificatePdf } from "./pdf";
import type { CertificatePdfOptions } from "./pdf";
import type { OriginCredential } from "./certificates";

export function certificatePdf(input: {
  credential: OriginCredential;
  options: CertificatePdfOptions;
}): Promise<Buffer> {
  return renderCertificatePdf(input.credential, input.options);
}
